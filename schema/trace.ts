// Leak tracing: whose export was this file?
import { builder, errorType } from './builder.ts';
import type { TraceAnswer } from './context.ts';
import { TraceError } from './trace-error.ts';

errorType(TraceError, 'TraceError', 'A leaked file that cannot be read: empty, binary, too large, or a bad time range.');

const RunnerUp = builder.objectRef<{ exportId: string; falsePositiveProbability: number }>('TraceRunnerUp').implement({
  fields: (t) => ({ exportId: t.exposeString('exportId'), falsePositiveProbability: t.exposeFloat('falsePositiveProbability') }),
});

const TraceAnswerRef = builder.objectRef<TraceAnswer>('LeakTrace').implement({
  description: 'The export a leaked file matches, with its requester, approvers and purpose; a match is declared only when an unmarked or differently marked file would agree this well with probability below 1e-9 after correcting for the number of candidates.',
  fields: (t) => ({
    match: t.exposeBoolean('match'),
    kind: t.string({ nullable: true, description: "what matched: 'export' or 'report' (a generated inventory or audit report workbook)", resolve: (a) => a.kind }),
    exportId: t.exposeString('exportId', { nullable: true }),
    reportId: t.exposeString('reportId', { nullable: true }),
    report: t.field({ type: 'JSON', nullable: true, description: 'the matched report: who generated it, when, its scope', resolve: (a) => a.report }),
    falsePositiveProbability: t.exposeFloat('falsePositiveProbability', { nullable: true }),
    agreeingRows: t.exposeInt('agreeingRows', { nullable: true }),
    rows: t.exposeInt('rows', { nullable: true }),
    carrierBits: t.exposeInt('carrierBits', { nullable: true }),
    agreeingBits: t.exposeInt('agreeingBits', { nullable: true }),
    candidates: t.exposeInt('candidates'),
    rowsRead: t.exposeInt('rowsRead'),
    threshold: t.exposeFloat('threshold'),
    export: t.field({ type: 'JSON', nullable: true, resolve: (a) => a.export }),
    request: t.field({ type: 'JSON', nullable: true, resolve: (a) => a.request }),
    approvers: t.field({ type: 'JSON', resolve: (a) => a.approvers }),
    destroyed: t.field({ type: 'JSON', nullable: true, description: 'set when the export was confirmed destroyed before the leak surfaced', resolve: (a) => a.destroyed }),
    runnerUp: t.field({ type: RunnerUp, nullable: true, resolve: (a) => a.runnerUp }),
  }),
});

builder.mutationFields((t) => ({
  traceLeak: t.field({
    type: TraceAnswerRef,
    authScopes: { auditor: true, governance: true, admin: true },
    errors: { types: [TraceError] },
    description: 'Traces a leaked file (base64: CSV in any common encoding or delimiter, XLSX) or pasted rows (text) to the export it came from. Audited.',
    args: {
      fileBase64: t.arg.string(), text: t.arg.string(),
      from: t.arg.string({ description: 'only exports made from this time' }), to: t.arg.string(),
      datasetIds: t.arg.stringList(),
    },
    resolve: (_r, a, ctx) => {
      if (!a.fileBase64 === !a.text) throw new TraceError('give exactly one of fileBase64 (a file) or text (pasted rows)');
      const input = a.fileBase64 ? Buffer.from(a.fileBase64, 'base64') : Buffer.from(a.text!, 'utf8');
      return ctx.ops.traceLeak(input, { from: a.from, to: a.to, datasetIds: a.datasetIds });
    },
  }),
}));
