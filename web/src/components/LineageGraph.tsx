// The lineage graph in cytoscape with a dagre left-to-right layout: node colour = grade,
// edge label = transform kind, grade conflicts in thick red.
import { useEffect, useRef } from 'react';
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { gradeColour } from './GradeTag';

cytoscape.use(dagre);

export interface GraphNode { id: string; label: string; grade: number | null; root?: boolean; external?: boolean; conflict?: boolean }
export interface GraphEdge { id: string; from: string; to: string; label: string; conflict?: boolean }

export function LineageGraph({ nodes, edges, onSelect, height = 520 }: { nodes: GraphNode[]; edges: GraphEdge[]; onSelect?: (id: string) => void; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const ids = new Set(nodes.map((n) => n.id));
    const cy = cytoscape({
      container: ref.current,
      elements: [
        ...nodes.map((n) => ({ data: { id: n.id, label: n.label, colour: gradeColour(n.grade), grade: n.grade ?? 0 }, classes: [n.root && 'root', n.external && 'external', n.conflict && 'conflict'].filter(Boolean).join(' ') })),
        ...edges.filter((e) => ids.has(e.from) && ids.has(e.to)).map((e) => ({ data: { id: e.id, source: e.from, target: e.to, label: e.label }, classes: e.conflict ? 'conflict' : '' })),
      ],
      style: [
        { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, width: 22, height: 22, 'border-width': 1, 'border-color': '#595959' } },
        { selector: 'node.root', style: { width: 32, height: 32, 'border-width': 3, 'border-color': '#000' } },
        { selector: 'node.external', style: { shape: 'round-rectangle', 'border-style': 'dashed' } },
        { selector: 'node.conflict', style: { 'border-width': 4, 'border-color': '#a8071a' } },
        { selector: 'edge', style: { width: 2, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', label: 'data(label)', 'font-size': 10, 'text-background-color': '#fff', 'text-background-opacity': 1, 'line-color': '#8c8c8c', 'target-arrow-color': '#8c8c8c' } },
        { selector: 'edge.conflict', style: { 'line-color': '#f5222d', 'target-arrow-color': '#f5222d', width: 4 } },
      ],
      layout: { name: 'dagre', rankDir: 'LR', nodeSep: 30, rankSep: 120 } as cytoscape.LayoutOptions,
      wheelSensitivity: 0.3,
    });
    if (onSelect) cy.on('tap', 'node', (e) => onSelect(e.target.id()));
    return () => cy.destroy();
  }, [nodes, edges, onSelect]);
  return <div ref={ref} data-testid="lineage-graph" data-nodes={nodes.length} data-edges={edges.length} style={{ height, width: '100%', border: '1px solid #f0f0f0', borderRadius: 8 }} />;
}
