// An Apache ECharts chart (SVG renderer: crisp on any screen, and its labels are real text).
import ReactECharts from 'echarts-for-react';
import type { EChartsOption } from 'echarts';

export function Chart({ option, height = 280, testId }: { option: EChartsOption; height?: number; testId?: string }) {
  return (
    <div data-testid={testId}>
      <ReactECharts option={{ animationDuration: 300, ...option }} notMerge opts={{ renderer: 'svg' }} style={{ height, width: '100%' }} />
    </div>
  );
}
