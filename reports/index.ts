// Report generation: the classification inventory and the audit report, as XLSX and PDF.
export { ReportError, parseScope, scopeText, resolveScope, parsePeriod, type ReportScope, type ResolvedScope } from './scope.ts';
export { walkInventory, writeInventoryXlsx, writeInventoryPdf, categoryTree, type InventoryRow, type InventorySummary, type ReportMeta, type Progress } from './inventory.ts';
export { collectAuditReport, writeAuditXlsx, writeAuditPdf, type AuditReader, type AuditReportData } from './audit-report.ts';
export { createReport, updateReport, getReport, listReports, issueReportLink, claimReport, releaseReport, type ReportRecord, type ReportKind, type ReportFormat } from './store.ts';
export { cjkFont } from './pdf.ts';
export { generateReport, checkSpec, type ReportSpec } from './generate.ts';
