/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ApiFields { __schema { queryType { fields { name } } mutationType { fields { name } } } }\n": typeof types.ApiFieldsDocument,
    "\n  query Me { me { id name roles department departmentName } }\n": typeof types.MeDocument,
    "\n  query Job($id: String!) { job(id: $id) { id kind status done total current message result } }\n": typeof types.JobDocument,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditHead { seq hash at }\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      edges { cursor node { seq at actor action target grade requestId exportId outcome details hash } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query AuditVerify { auditVerify { ok checked brokenAt reason } }\n": typeof types.AuditVerifyDocument,
    "\n  query Sources { sources { id name system kind path dialect schemas hasCredentials lastHarvestAt lastHarvestStatus } }\n": typeof types.SourcesDocument,
    "\n  mutation RegisterSource($input: SourceInput!) {\n    registerSource(input: $input) { __typename ... on Source { id name } ... on Error { message } }\n  }\n": typeof types.RegisterSourceDocument,
    "\n  mutation StartHarvest($sourceId: String!) {\n    startHarvest(sourceId: $sourceId) { __typename ... on Job { id status } ... on Error { message } }\n  }\n": typeof types.StartHarvestDocument,
    "\n  query Source($id: String!) {\n    source(id: $id) { id name system kind lastHarvestAt datasets(first: 1000) { edges { node { id name schema kind path columnCount grade dropped } } } }\n  }\n": typeof types.SourceDocument,
    "\n  query Dataset($id: String!) {\n    dataset(id: $id) {\n      id name path kind schema sourceId comment description grade columnCount rowEstimate\n      ownership { owner custodian reportingChecker consumers inherited }\n      columns {\n        id name dataType length precision scale nullable primaryKey comment grade gradeStatus categoryId categoryPath confidence\n        needsReview standardCode dropped version\n        conformance { status score }\n        ownership { owner custodian inherited }\n        versions { version kind at attributes }\n      }\n    }\n  }\n": typeof types.DatasetDocument,
    "\n  query DashboardStats {\n    gradeStats { columns confirmed shareConfirmed unclassified byGrade { grade columns } byCategory { categoryId columns } }\n    gradeStatsBySource { scope columns confirmed shareConfirmed byGrade { grade columns } }\n    categories { code path }\n  }\n": typeof types.DashboardStatsDocument,
    "\n  query DashboardConformance { conformanceBySource { sourceId system columns mapped conforming partial nonconforming average } }\n": typeof types.DashboardConformanceDocument,
    "\n  query DashboardReconciliations { reconciliations { id name lastOk lastRunAt results(first: 1) { failingCount groups } } }\n": typeof types.DashboardReconciliationsDocument,
    "\n  query DashboardActivity { accessRequests(limit: 500) { id status grade createdAt } exports(limit: 10) { id requester datasetId status rowCount createdAt } }\n": typeof types.DashboardActivityDocument,
    "\n  query LifecycleDestructionTodos {\n    myDestructionTodos { role item { exportId requestId requester datasetId downloadedAt endDate grade retentionEnd escalatesOn state daysOverdue approvers destruction { confirmedBy confirmedAt method hashMatches countersignRequired countersignedBy } } }\n  }\n": typeof types.LifecycleDestructionTodosDocument,
    "\n  query LifecycleOverdueDestructions {\n    overdueExportDestructions { exportId requestId requester datasetId grade retentionEnd escalatesOn state daysOverdue approvers destruction { confirmedBy countersignedBy } }\n  }\n": typeof types.LifecycleOverdueDestructionsDocument,
    "\n  mutation LifecycleConfirmDestruction($exportId: String!, $method: DestructionMethod!, $description: String!, $destroyedAt: String!, $copies: Int, $fileHash: String) {\n    confirmExportDestruction(exportId: $exportId, method: $method, description: $description, destroyedAt: $destroyedAt, copies: $copies, fileHash: $fileHash) {\n      __typename ... on ExportDestruction { id hashMatches } ... on Error { message }\n    }\n  }\n": typeof types.LifecycleConfirmDestructionDocument,
    "\n  mutation LifecycleCountersignDestruction($exportId: String!) {\n    countersignExportDestruction(exportId: $exportId) { __typename ... on ExportDestruction { id countersignedBy } ... on Error { message } }\n  }\n": typeof types.LifecycleCountersignDestructionDocument,
    "\n  query LifecycleReports($all: Boolean) { reports(all: $all) { id kind format scope actor status jobId createdAt finishedAt rows bytes error } }\n": typeof types.LifecycleReportsDocument,
    "\n  query LifecycleReportSources { sources { id name system } }\n": typeof types.LifecycleReportSourcesDocument,
    "\n  mutation LifecycleGenerateInventory($scope: String!, $format: ReportFormat!) { generateInventoryReport(scope: $scope, format: $format) { __typename ... on ReportJob { jobId reportId } ... on Error { message } } }\n": typeof types.LifecycleGenerateInventoryDocument,
    "\n  mutation LifecycleGenerateAuditReport($from: String!, $to: String!, $format: ReportFormat!) { generateAuditReport(from: $from, to: $to, format: $format) { __typename ... on ReportJob { jobId reportId } ... on Error { message } } }\n": typeof types.LifecycleGenerateAuditReportDocument,
    "\n  mutation LifecycleReportLink($reportId: String!) { createReportDownloadLink(reportId: $reportId) { __typename ... on ReportDownloadLink { url expiresAt } ... on Error { message } } }\n": typeof types.LifecycleReportLinkDocument,
    "\n  query LifecycleRetirements { retirements { id assetKind assetId assetPath sourceId action reason method grade ownerDepartment status requestedBy requestedAt decidedBy decidedAt decisionReason columnIds impact } }\n": typeof types.LifecycleRetirementsDocument,
    "\n  query LifecycleRetirementDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n": typeof types.LifecycleRetirementDatasetsDocument,
    "\n  query LifecycleRetirementColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade } } }\n": typeof types.LifecycleRetirementColumnsDocument,
    "\n  mutation LifecycleRecordRetirement($kind: RetirementAssetKind!, $id: String!, $action: RetirementAction!, $reason: String!, $method: String) {\n    recordRetirement(kind: $kind, id: $id, action: $action, reason: $reason, method: $method) { __typename ... on Retirement { id status } ... on Error { message } }\n  }\n": typeof types.LifecycleRecordRetirementDocument,
    "\n  mutation LifecycleApproveRetirement($id: String!, $reason: String) { approveRetirement(id: $id, reason: $reason) { __typename ... on Retirement { id status } ... on Error { message } } }\n": typeof types.LifecycleApproveRetirementDocument,
    "\n  mutation LifecycleRejectRetirement($id: String!, $reason: String!) { rejectRetirement(id: $id, reason: $reason) { __typename ... on Retirement { id status } ... on Error { message } } }\n": typeof types.LifecycleRejectRetirementDocument,
    "\n  query LifecycleTransfers { transfers { id recipientKind recipient legalBasis channel purpose columnIds grade checker checkerDesignated exportId registeredBy transferredAt recordedAt } }\n": typeof types.LifecycleTransfersDocument,
    "\n  query LifecycleTransferDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n": typeof types.LifecycleTransferDatasetsDocument,
    "\n  query LifecycleTransferColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade } } }\n": typeof types.LifecycleTransferColumnsDocument,
    "\n  mutation LifecycleRegisterTransfer($input: TransferInput!) { registerTransfer(input: $input) { __typename ... on Transfer { id grade } ... on Error { message } } }\n": typeof types.LifecycleRegisterTransferDocument,
    "\n  query Lineage($columnId: String!, $depth: Int) {\n    upstream(columnId: $columnId, depth: $depth) { __typename ... on LineageGraph { root truncated nodes { id name path grade external depth } edges { id from to transform via } } ... on Error { message } }\n    downstream(columnId: $columnId, depth: $depth) { __typename ... on LineageGraph { root truncated nodes { id name path grade external depth } edges { id from to transform via } } ... on Error { message } }\n    impact(columnId: $columnId, depth: $depth) { __typename ... on LineageImpact { datasets { id path kind columns minDepth external } reconciliations { id name } exports jobs } ... on Error { message } }\n    gradeConflicts { conflicts { columnId upstreamId grade upstreamGrade path upstreamPath steps { edgeId } } }\n  }\n": typeof types.LineageDocument,
    "\n  query LineageColumnSearch($query: String!) {\n    search(query: $query, kinds: [column], first: 15) { __typename ... on SearchConnection { edges { node { id path comment grade } } } ... on Error { message } }\n  }\n": typeof types.LineageColumnSearchDocument,
    "\n  query LineageColumnName($id: String!) { column(id: $id) { id path comment grade } }\n": typeof types.LineageColumnNameDocument,
    "\n  query Reconciliations { reconciliations { id name description lastOk lastRunAt tolerance results(first: 1) { at ok groups failingCount leftTotal rightTotal error } } }\n": typeof types.ReconciliationsDocument,
    "\n  mutation RunReconciliation($id: String!) { runReconciliation(id: $id) { __typename ... on ReconciliationResult { ok failingCount } ... on Error { message } } }\n": typeof types.RunReconciliationDocument,
    "\n  query OwnershipGaps($includeColumns: Boolean) { ownershipGaps(includeColumns: $includeColumns) { id kind path grade missing } }\n": typeof types.OwnershipGapsDocument,
    "\n  mutation SetOwnership($id: String!, $kind: AssetKind!, $role: OwnershipRole!, $parties: [String!]!) {\n    setOwnership(id: $id, kind: $kind, role: $role, parties: $parties) { __typename ... on Ownership { owner custodian } ... on Error { message } }\n  }\n": typeof types.SetOwnershipDocument,
    "\n  query MyRequests {\n    myAccessRequests {\n      id purpose endDate status grade format createdAt reason columnIds requester\n      approvals { id order kind department status decidedBy decidedAt reason }\n      exports { id datasetId status rowCount createdAt linkExpiresAt }\n    }\n  }\n": typeof types.MyRequestsDocument,
    "\n  query ApprovalInbox {\n    approvalsWaitingForMe { onBehalfOf approval { id kind department order } request { id requester purpose endDate grade columnIds createdAt } }\n  }\n": typeof types.ApprovalInboxDocument,
    "\n  query AllRequests { accessRequests { id requester purpose endDate status grade createdAt } exports { id requester datasetId status rowCount createdAt watermarkId } }\n": typeof types.AllRequestsDocument,
    "\n  query RequestableDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n": typeof types.RequestableDatasetsDocument,
    "\n  query RequestableColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade categoryId dataType } } }\n": typeof types.RequestableColumnsDocument,
    "\n  query AccessPolicy { accessPolicy { version actor at reason rules { grade category steps maxDays maskedByDefault } } }\n": typeof types.AccessPolicyDocument,
    "\n  mutation SaveAccessPolicy($rules: [AccessPolicyRuleInput!]!, $reason: String!, $expectedVersion: Int) {\n    saveAccessPolicy(rules: $rules, reason: $reason, expectedVersion: $expectedVersion) { __typename ... on AccessPolicy { version } ... on Error { message } }\n  }\n": typeof types.SaveAccessPolicyDocument,
    "\n  mutation SetDelegation($to: String!, $until: String!) { setApprovalDelegation(delegateId: $to, until: $until) { __typename ... on Delegation { delegateTo delegateUntil } ... on Error { message } } }\n": typeof types.SetDelegationDocument,
    "\n  mutation ClearDelegation { clearApprovalDelegation { __typename ... on Delegation { delegateTo delegateUntil } ... on Error { message } } }\n": typeof types.ClearDelegationDocument,
    "\n  mutation RequestAccess($input: AccessRequestInput!) { requestAccess(input: $input) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n": typeof types.RequestAccessDocument,
    "\n  mutation ApproveStep($id: String!, $reason: String) { approveAccessStep(approvalId: $id, reason: $reason) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n": typeof types.ApproveStepDocument,
    "\n  mutation RejectStep($id: String!, $reason: String!) { rejectAccessStep(approvalId: $id, reason: $reason) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n": typeof types.RejectStepDocument,
    "\n  mutation CreateDownloadLink($id: String!) { createDownloadLink(exportId: $id) { __typename ... on DownloadLink { url expiresAt } ... on Error { message } } }\n": typeof types.CreateDownloadLinkDocument,
    "\n  query ReviewQueue($filter: ReviewFilter, $first: Int, $offset: Int) {\n    reviewQueue(filter: $filter, first: $first, offset: $offset) {\n      total\n      items { columnId path sourceId datasetId grade suggestedGrade categoryId categoryPath confidence evidence risk disagreement needsReview }\n    }\n  }\n": typeof types.ReviewQueueDocument,
    "\n  query ReviewOptions { sources { id name } categories { code path } }\n": typeof types.ReviewOptionsDocument,
    "\n  mutation ConfirmGrades($columnIds: [String!]!) {\n    confirmGrades(columnIds: $columnIds) { __typename ... on GradeDecisions { count } ... on Error { message } }\n  }\n": typeof types.ConfirmGradesDocument,
    "\n  mutation BulkConfirmGrades($filter: ReviewFilter!) {\n    bulkConfirmGrades(filter: $filter) { __typename ... on GradeDecisions { count } ... on Error { message } }\n  }\n": typeof types.BulkConfirmGradesDocument,
    "\n  mutation OverrideGrade($input: OverrideGradeInput!) {\n    overrideGrade(input: $input) { __typename ... on GradeDecision { columnId grade previousGrade } ... on Error { message } }\n  }\n": typeof types.OverrideGradeDocument,
    "\n  query ColumnGradeHistory($columnId: String!) {\n    column(id: $columnId) { id gradeStatus grade comment dataType }\n    gradeHistory(columnId: $columnId) { id kind grade previousGrade categoryId actor reason at confidence }\n  }\n": typeof types.ColumnGradeHistoryDocument,
    "\n  query ClassificationRules { classificationRules classificationRuleHistory { version actor at change } categories { code path } }\n": typeof types.ClassificationRulesDocument,
    "\n  query PreviewRule($change: RuleChangeInput!) {\n    previewClassificationRule(change: $change) {\n      __typename\n      ... on RuleChangePreview { version total datasetsChecked columnsChecked all changes { columnId path before after currentGrade gradeStatus afterCategoryPath } }\n      ... on Error { message }\n    }\n  }\n": typeof types.PreviewRuleDocument,
    "\n  mutation ChangeRule($change: RuleChangeInput!) {\n    changeClassificationRule(change: $change) { __typename ... on RuleSetVersion { version } ... on Error { message } }\n  }\n": typeof types.ChangeRuleDocument,
    "\n  query Search($query: String!, $filter: SearchFilter, $first: Int) {\n    search(query: $query, filter: $filter, first: $first) {\n      __typename\n      ... on SearchConnection { total relaxed facets edges { node { id kind name path comment grade categoryPath system owner conformance datasetId sourceId standardCode } } }\n      ... on Error { message }\n    }\n  }\n": typeof types.SearchDocument,
    "\n  query Standards {\n    standards { code nameZh nameEn dataType length precision defaultCategory defaultGrade status version ownerDepartment definition }\n    conformanceBySource { sourceId system columns mapped conforming partial nonconforming average }\n  }\n": typeof types.StandardsDocument,
    "query StandardsWorkbook { standardsWorkbook }": typeof types.StandardsWorkbookDocument,
};
const documents: Documents = {
    "\n  query ApiFields { __schema { queryType { fields { name } } mutationType { fields { name } } } }\n": types.ApiFieldsDocument,
    "\n  query Me { me { id name roles department departmentName } }\n": types.MeDocument,
    "\n  query Job($id: String!) { job(id: $id) { id kind status done total current message result } }\n": types.JobDocument,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditHead { seq hash at }\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      edges { cursor node { seq at actor action target grade requestId exportId outcome details hash } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query AuditVerify { auditVerify { ok checked brokenAt reason } }\n": types.AuditVerifyDocument,
    "\n  query Sources { sources { id name system kind path dialect schemas hasCredentials lastHarvestAt lastHarvestStatus } }\n": types.SourcesDocument,
    "\n  mutation RegisterSource($input: SourceInput!) {\n    registerSource(input: $input) { __typename ... on Source { id name } ... on Error { message } }\n  }\n": types.RegisterSourceDocument,
    "\n  mutation StartHarvest($sourceId: String!) {\n    startHarvest(sourceId: $sourceId) { __typename ... on Job { id status } ... on Error { message } }\n  }\n": types.StartHarvestDocument,
    "\n  query Source($id: String!) {\n    source(id: $id) { id name system kind lastHarvestAt datasets(first: 1000) { edges { node { id name schema kind path columnCount grade dropped } } } }\n  }\n": types.SourceDocument,
    "\n  query Dataset($id: String!) {\n    dataset(id: $id) {\n      id name path kind schema sourceId comment description grade columnCount rowEstimate\n      ownership { owner custodian reportingChecker consumers inherited }\n      columns {\n        id name dataType length precision scale nullable primaryKey comment grade gradeStatus categoryId categoryPath confidence\n        needsReview standardCode dropped version\n        conformance { status score }\n        ownership { owner custodian inherited }\n        versions { version kind at attributes }\n      }\n    }\n  }\n": types.DatasetDocument,
    "\n  query DashboardStats {\n    gradeStats { columns confirmed shareConfirmed unclassified byGrade { grade columns } byCategory { categoryId columns } }\n    gradeStatsBySource { scope columns confirmed shareConfirmed byGrade { grade columns } }\n    categories { code path }\n  }\n": types.DashboardStatsDocument,
    "\n  query DashboardConformance { conformanceBySource { sourceId system columns mapped conforming partial nonconforming average } }\n": types.DashboardConformanceDocument,
    "\n  query DashboardReconciliations { reconciliations { id name lastOk lastRunAt results(first: 1) { failingCount groups } } }\n": types.DashboardReconciliationsDocument,
    "\n  query DashboardActivity { accessRequests(limit: 500) { id status grade createdAt } exports(limit: 10) { id requester datasetId status rowCount createdAt } }\n": types.DashboardActivityDocument,
    "\n  query LifecycleDestructionTodos {\n    myDestructionTodos { role item { exportId requestId requester datasetId downloadedAt endDate grade retentionEnd escalatesOn state daysOverdue approvers destruction { confirmedBy confirmedAt method hashMatches countersignRequired countersignedBy } } }\n  }\n": types.LifecycleDestructionTodosDocument,
    "\n  query LifecycleOverdueDestructions {\n    overdueExportDestructions { exportId requestId requester datasetId grade retentionEnd escalatesOn state daysOverdue approvers destruction { confirmedBy countersignedBy } }\n  }\n": types.LifecycleOverdueDestructionsDocument,
    "\n  mutation LifecycleConfirmDestruction($exportId: String!, $method: DestructionMethod!, $description: String!, $destroyedAt: String!, $copies: Int, $fileHash: String) {\n    confirmExportDestruction(exportId: $exportId, method: $method, description: $description, destroyedAt: $destroyedAt, copies: $copies, fileHash: $fileHash) {\n      __typename ... on ExportDestruction { id hashMatches } ... on Error { message }\n    }\n  }\n": types.LifecycleConfirmDestructionDocument,
    "\n  mutation LifecycleCountersignDestruction($exportId: String!) {\n    countersignExportDestruction(exportId: $exportId) { __typename ... on ExportDestruction { id countersignedBy } ... on Error { message } }\n  }\n": types.LifecycleCountersignDestructionDocument,
    "\n  query LifecycleReports($all: Boolean) { reports(all: $all) { id kind format scope actor status jobId createdAt finishedAt rows bytes error } }\n": types.LifecycleReportsDocument,
    "\n  query LifecycleReportSources { sources { id name system } }\n": types.LifecycleReportSourcesDocument,
    "\n  mutation LifecycleGenerateInventory($scope: String!, $format: ReportFormat!) { generateInventoryReport(scope: $scope, format: $format) { __typename ... on ReportJob { jobId reportId } ... on Error { message } } }\n": types.LifecycleGenerateInventoryDocument,
    "\n  mutation LifecycleGenerateAuditReport($from: String!, $to: String!, $format: ReportFormat!) { generateAuditReport(from: $from, to: $to, format: $format) { __typename ... on ReportJob { jobId reportId } ... on Error { message } } }\n": types.LifecycleGenerateAuditReportDocument,
    "\n  mutation LifecycleReportLink($reportId: String!) { createReportDownloadLink(reportId: $reportId) { __typename ... on ReportDownloadLink { url expiresAt } ... on Error { message } } }\n": types.LifecycleReportLinkDocument,
    "\n  query LifecycleRetirements { retirements { id assetKind assetId assetPath sourceId action reason method grade ownerDepartment status requestedBy requestedAt decidedBy decidedAt decisionReason columnIds impact } }\n": types.LifecycleRetirementsDocument,
    "\n  query LifecycleRetirementDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n": types.LifecycleRetirementDatasetsDocument,
    "\n  query LifecycleRetirementColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade } } }\n": types.LifecycleRetirementColumnsDocument,
    "\n  mutation LifecycleRecordRetirement($kind: RetirementAssetKind!, $id: String!, $action: RetirementAction!, $reason: String!, $method: String) {\n    recordRetirement(kind: $kind, id: $id, action: $action, reason: $reason, method: $method) { __typename ... on Retirement { id status } ... on Error { message } }\n  }\n": types.LifecycleRecordRetirementDocument,
    "\n  mutation LifecycleApproveRetirement($id: String!, $reason: String) { approveRetirement(id: $id, reason: $reason) { __typename ... on Retirement { id status } ... on Error { message } } }\n": types.LifecycleApproveRetirementDocument,
    "\n  mutation LifecycleRejectRetirement($id: String!, $reason: String!) { rejectRetirement(id: $id, reason: $reason) { __typename ... on Retirement { id status } ... on Error { message } } }\n": types.LifecycleRejectRetirementDocument,
    "\n  query LifecycleTransfers { transfers { id recipientKind recipient legalBasis channel purpose columnIds grade checker checkerDesignated exportId registeredBy transferredAt recordedAt } }\n": types.LifecycleTransfersDocument,
    "\n  query LifecycleTransferDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n": types.LifecycleTransferDatasetsDocument,
    "\n  query LifecycleTransferColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade } } }\n": types.LifecycleTransferColumnsDocument,
    "\n  mutation LifecycleRegisterTransfer($input: TransferInput!) { registerTransfer(input: $input) { __typename ... on Transfer { id grade } ... on Error { message } } }\n": types.LifecycleRegisterTransferDocument,
    "\n  query Lineage($columnId: String!, $depth: Int) {\n    upstream(columnId: $columnId, depth: $depth) { __typename ... on LineageGraph { root truncated nodes { id name path grade external depth } edges { id from to transform via } } ... on Error { message } }\n    downstream(columnId: $columnId, depth: $depth) { __typename ... on LineageGraph { root truncated nodes { id name path grade external depth } edges { id from to transform via } } ... on Error { message } }\n    impact(columnId: $columnId, depth: $depth) { __typename ... on LineageImpact { datasets { id path kind columns minDepth external } reconciliations { id name } exports jobs } ... on Error { message } }\n    gradeConflicts { conflicts { columnId upstreamId grade upstreamGrade path upstreamPath steps { edgeId } } }\n  }\n": types.LineageDocument,
    "\n  query LineageColumnSearch($query: String!) {\n    search(query: $query, kinds: [column], first: 15) { __typename ... on SearchConnection { edges { node { id path comment grade } } } ... on Error { message } }\n  }\n": types.LineageColumnSearchDocument,
    "\n  query LineageColumnName($id: String!) { column(id: $id) { id path comment grade } }\n": types.LineageColumnNameDocument,
    "\n  query Reconciliations { reconciliations { id name description lastOk lastRunAt tolerance results(first: 1) { at ok groups failingCount leftTotal rightTotal error } } }\n": types.ReconciliationsDocument,
    "\n  mutation RunReconciliation($id: String!) { runReconciliation(id: $id) { __typename ... on ReconciliationResult { ok failingCount } ... on Error { message } } }\n": types.RunReconciliationDocument,
    "\n  query OwnershipGaps($includeColumns: Boolean) { ownershipGaps(includeColumns: $includeColumns) { id kind path grade missing } }\n": types.OwnershipGapsDocument,
    "\n  mutation SetOwnership($id: String!, $kind: AssetKind!, $role: OwnershipRole!, $parties: [String!]!) {\n    setOwnership(id: $id, kind: $kind, role: $role, parties: $parties) { __typename ... on Ownership { owner custodian } ... on Error { message } }\n  }\n": types.SetOwnershipDocument,
    "\n  query MyRequests {\n    myAccessRequests {\n      id purpose endDate status grade format createdAt reason columnIds requester\n      approvals { id order kind department status decidedBy decidedAt reason }\n      exports { id datasetId status rowCount createdAt linkExpiresAt }\n    }\n  }\n": types.MyRequestsDocument,
    "\n  query ApprovalInbox {\n    approvalsWaitingForMe { onBehalfOf approval { id kind department order } request { id requester purpose endDate grade columnIds createdAt } }\n  }\n": types.ApprovalInboxDocument,
    "\n  query AllRequests { accessRequests { id requester purpose endDate status grade createdAt } exports { id requester datasetId status rowCount createdAt watermarkId } }\n": types.AllRequestsDocument,
    "\n  query RequestableDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n": types.RequestableDatasetsDocument,
    "\n  query RequestableColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade categoryId dataType } } }\n": types.RequestableColumnsDocument,
    "\n  query AccessPolicy { accessPolicy { version actor at reason rules { grade category steps maxDays maskedByDefault } } }\n": types.AccessPolicyDocument,
    "\n  mutation SaveAccessPolicy($rules: [AccessPolicyRuleInput!]!, $reason: String!, $expectedVersion: Int) {\n    saveAccessPolicy(rules: $rules, reason: $reason, expectedVersion: $expectedVersion) { __typename ... on AccessPolicy { version } ... on Error { message } }\n  }\n": types.SaveAccessPolicyDocument,
    "\n  mutation SetDelegation($to: String!, $until: String!) { setApprovalDelegation(delegateId: $to, until: $until) { __typename ... on Delegation { delegateTo delegateUntil } ... on Error { message } } }\n": types.SetDelegationDocument,
    "\n  mutation ClearDelegation { clearApprovalDelegation { __typename ... on Delegation { delegateTo delegateUntil } ... on Error { message } } }\n": types.ClearDelegationDocument,
    "\n  mutation RequestAccess($input: AccessRequestInput!) { requestAccess(input: $input) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n": types.RequestAccessDocument,
    "\n  mutation ApproveStep($id: String!, $reason: String) { approveAccessStep(approvalId: $id, reason: $reason) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n": types.ApproveStepDocument,
    "\n  mutation RejectStep($id: String!, $reason: String!) { rejectAccessStep(approvalId: $id, reason: $reason) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n": types.RejectStepDocument,
    "\n  mutation CreateDownloadLink($id: String!) { createDownloadLink(exportId: $id) { __typename ... on DownloadLink { url expiresAt } ... on Error { message } } }\n": types.CreateDownloadLinkDocument,
    "\n  query ReviewQueue($filter: ReviewFilter, $first: Int, $offset: Int) {\n    reviewQueue(filter: $filter, first: $first, offset: $offset) {\n      total\n      items { columnId path sourceId datasetId grade suggestedGrade categoryId categoryPath confidence evidence risk disagreement needsReview }\n    }\n  }\n": types.ReviewQueueDocument,
    "\n  query ReviewOptions { sources { id name } categories { code path } }\n": types.ReviewOptionsDocument,
    "\n  mutation ConfirmGrades($columnIds: [String!]!) {\n    confirmGrades(columnIds: $columnIds) { __typename ... on GradeDecisions { count } ... on Error { message } }\n  }\n": types.ConfirmGradesDocument,
    "\n  mutation BulkConfirmGrades($filter: ReviewFilter!) {\n    bulkConfirmGrades(filter: $filter) { __typename ... on GradeDecisions { count } ... on Error { message } }\n  }\n": types.BulkConfirmGradesDocument,
    "\n  mutation OverrideGrade($input: OverrideGradeInput!) {\n    overrideGrade(input: $input) { __typename ... on GradeDecision { columnId grade previousGrade } ... on Error { message } }\n  }\n": types.OverrideGradeDocument,
    "\n  query ColumnGradeHistory($columnId: String!) {\n    column(id: $columnId) { id gradeStatus grade comment dataType }\n    gradeHistory(columnId: $columnId) { id kind grade previousGrade categoryId actor reason at confidence }\n  }\n": types.ColumnGradeHistoryDocument,
    "\n  query ClassificationRules { classificationRules classificationRuleHistory { version actor at change } categories { code path } }\n": types.ClassificationRulesDocument,
    "\n  query PreviewRule($change: RuleChangeInput!) {\n    previewClassificationRule(change: $change) {\n      __typename\n      ... on RuleChangePreview { version total datasetsChecked columnsChecked all changes { columnId path before after currentGrade gradeStatus afterCategoryPath } }\n      ... on Error { message }\n    }\n  }\n": types.PreviewRuleDocument,
    "\n  mutation ChangeRule($change: RuleChangeInput!) {\n    changeClassificationRule(change: $change) { __typename ... on RuleSetVersion { version } ... on Error { message } }\n  }\n": types.ChangeRuleDocument,
    "\n  query Search($query: String!, $filter: SearchFilter, $first: Int) {\n    search(query: $query, filter: $filter, first: $first) {\n      __typename\n      ... on SearchConnection { total relaxed facets edges { node { id kind name path comment grade categoryPath system owner conformance datasetId sourceId standardCode } } }\n      ... on Error { message }\n    }\n  }\n": types.SearchDocument,
    "\n  query Standards {\n    standards { code nameZh nameEn dataType length precision defaultCategory defaultGrade status version ownerDepartment definition }\n    conformanceBySource { sourceId system columns mapped conforming partial nonconforming average }\n  }\n": types.StandardsDocument,
    "query StandardsWorkbook { standardsWorkbook }": types.StandardsWorkbookDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiFields { __schema { queryType { fields { name } } mutationType { fields { name } } } }\n"): (typeof documents)["\n  query ApiFields { __schema { queryType { fields { name } } mutationType { fields { name } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me { me { id name roles department departmentName } }\n"): (typeof documents)["\n  query Me { me { id name roles department departmentName } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Job($id: String!) { job(id: $id) { id kind status done total current message result } }\n"): (typeof documents)["\n  query Job($id: String!) { job(id: $id) { id kind status done total current message result } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditHead { seq hash at }\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      edges { cursor node { seq at actor action target grade requestId exportId outcome details hash } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditHead { seq hash at }\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      edges { cursor node { seq at actor action target grade requestId exportId outcome details hash } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditVerify { auditVerify { ok checked brokenAt reason } }\n"): (typeof documents)["\n  query AuditVerify { auditVerify { ok checked brokenAt reason } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sources { sources { id name system kind path dialect schemas hasCredentials lastHarvestAt lastHarvestStatus } }\n"): (typeof documents)["\n  query Sources { sources { id name system kind path dialect schemas hasCredentials lastHarvestAt lastHarvestStatus } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterSource($input: SourceInput!) {\n    registerSource(input: $input) { __typename ... on Source { id name } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation RegisterSource($input: SourceInput!) {\n    registerSource(input: $input) { __typename ... on Source { id name } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartHarvest($sourceId: String!) {\n    startHarvest(sourceId: $sourceId) { __typename ... on Job { id status } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation StartHarvest($sourceId: String!) {\n    startHarvest(sourceId: $sourceId) { __typename ... on Job { id status } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Source($id: String!) {\n    source(id: $id) { id name system kind lastHarvestAt datasets(first: 1000) { edges { node { id name schema kind path columnCount grade dropped } } } }\n  }\n"): (typeof documents)["\n  query Source($id: String!) {\n    source(id: $id) { id name system kind lastHarvestAt datasets(first: 1000) { edges { node { id name schema kind path columnCount grade dropped } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dataset($id: String!) {\n    dataset(id: $id) {\n      id name path kind schema sourceId comment description grade columnCount rowEstimate\n      ownership { owner custodian reportingChecker consumers inherited }\n      columns {\n        id name dataType length precision scale nullable primaryKey comment grade gradeStatus categoryId categoryPath confidence\n        needsReview standardCode dropped version\n        conformance { status score }\n        ownership { owner custodian inherited }\n        versions { version kind at attributes }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Dataset($id: String!) {\n    dataset(id: $id) {\n      id name path kind schema sourceId comment description grade columnCount rowEstimate\n      ownership { owner custodian reportingChecker consumers inherited }\n      columns {\n        id name dataType length precision scale nullable primaryKey comment grade gradeStatus categoryId categoryPath confidence\n        needsReview standardCode dropped version\n        conformance { status score }\n        ownership { owner custodian inherited }\n        versions { version kind at attributes }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardStats {\n    gradeStats { columns confirmed shareConfirmed unclassified byGrade { grade columns } byCategory { categoryId columns } }\n    gradeStatsBySource { scope columns confirmed shareConfirmed byGrade { grade columns } }\n    categories { code path }\n  }\n"): (typeof documents)["\n  query DashboardStats {\n    gradeStats { columns confirmed shareConfirmed unclassified byGrade { grade columns } byCategory { categoryId columns } }\n    gradeStatsBySource { scope columns confirmed shareConfirmed byGrade { grade columns } }\n    categories { code path }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardConformance { conformanceBySource { sourceId system columns mapped conforming partial nonconforming average } }\n"): (typeof documents)["\n  query DashboardConformance { conformanceBySource { sourceId system columns mapped conforming partial nonconforming average } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardReconciliations { reconciliations { id name lastOk lastRunAt results(first: 1) { failingCount groups } } }\n"): (typeof documents)["\n  query DashboardReconciliations { reconciliations { id name lastOk lastRunAt results(first: 1) { failingCount groups } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardActivity { accessRequests(limit: 500) { id status grade createdAt } exports(limit: 10) { id requester datasetId status rowCount createdAt } }\n"): (typeof documents)["\n  query DashboardActivity { accessRequests(limit: 500) { id status grade createdAt } exports(limit: 10) { id requester datasetId status rowCount createdAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleDestructionTodos {\n    myDestructionTodos { role item { exportId requestId requester datasetId downloadedAt endDate grade retentionEnd escalatesOn state daysOverdue approvers destruction { confirmedBy confirmedAt method hashMatches countersignRequired countersignedBy } } }\n  }\n"): (typeof documents)["\n  query LifecycleDestructionTodos {\n    myDestructionTodos { role item { exportId requestId requester datasetId downloadedAt endDate grade retentionEnd escalatesOn state daysOverdue approvers destruction { confirmedBy confirmedAt method hashMatches countersignRequired countersignedBy } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleOverdueDestructions {\n    overdueExportDestructions { exportId requestId requester datasetId grade retentionEnd escalatesOn state daysOverdue approvers destruction { confirmedBy countersignedBy } }\n  }\n"): (typeof documents)["\n  query LifecycleOverdueDestructions {\n    overdueExportDestructions { exportId requestId requester datasetId grade retentionEnd escalatesOn state daysOverdue approvers destruction { confirmedBy countersignedBy } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleConfirmDestruction($exportId: String!, $method: DestructionMethod!, $description: String!, $destroyedAt: String!, $copies: Int, $fileHash: String) {\n    confirmExportDestruction(exportId: $exportId, method: $method, description: $description, destroyedAt: $destroyedAt, copies: $copies, fileHash: $fileHash) {\n      __typename ... on ExportDestruction { id hashMatches } ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation LifecycleConfirmDestruction($exportId: String!, $method: DestructionMethod!, $description: String!, $destroyedAt: String!, $copies: Int, $fileHash: String) {\n    confirmExportDestruction(exportId: $exportId, method: $method, description: $description, destroyedAt: $destroyedAt, copies: $copies, fileHash: $fileHash) {\n      __typename ... on ExportDestruction { id hashMatches } ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleCountersignDestruction($exportId: String!) {\n    countersignExportDestruction(exportId: $exportId) { __typename ... on ExportDestruction { id countersignedBy } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation LifecycleCountersignDestruction($exportId: String!) {\n    countersignExportDestruction(exportId: $exportId) { __typename ... on ExportDestruction { id countersignedBy } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleReports($all: Boolean) { reports(all: $all) { id kind format scope actor status jobId createdAt finishedAt rows bytes error } }\n"): (typeof documents)["\n  query LifecycleReports($all: Boolean) { reports(all: $all) { id kind format scope actor status jobId createdAt finishedAt rows bytes error } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleReportSources { sources { id name system } }\n"): (typeof documents)["\n  query LifecycleReportSources { sources { id name system } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleGenerateInventory($scope: String!, $format: ReportFormat!) { generateInventoryReport(scope: $scope, format: $format) { __typename ... on ReportJob { jobId reportId } ... on Error { message } } }\n"): (typeof documents)["\n  mutation LifecycleGenerateInventory($scope: String!, $format: ReportFormat!) { generateInventoryReport(scope: $scope, format: $format) { __typename ... on ReportJob { jobId reportId } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleGenerateAuditReport($from: String!, $to: String!, $format: ReportFormat!) { generateAuditReport(from: $from, to: $to, format: $format) { __typename ... on ReportJob { jobId reportId } ... on Error { message } } }\n"): (typeof documents)["\n  mutation LifecycleGenerateAuditReport($from: String!, $to: String!, $format: ReportFormat!) { generateAuditReport(from: $from, to: $to, format: $format) { __typename ... on ReportJob { jobId reportId } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleReportLink($reportId: String!) { createReportDownloadLink(reportId: $reportId) { __typename ... on ReportDownloadLink { url expiresAt } ... on Error { message } } }\n"): (typeof documents)["\n  mutation LifecycleReportLink($reportId: String!) { createReportDownloadLink(reportId: $reportId) { __typename ... on ReportDownloadLink { url expiresAt } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleRetirements { retirements { id assetKind assetId assetPath sourceId action reason method grade ownerDepartment status requestedBy requestedAt decidedBy decidedAt decisionReason columnIds impact } }\n"): (typeof documents)["\n  query LifecycleRetirements { retirements { id assetKind assetId assetPath sourceId action reason method grade ownerDepartment status requestedBy requestedAt decidedBy decidedAt decisionReason columnIds impact } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleRetirementDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n"): (typeof documents)["\n  query LifecycleRetirementDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleRetirementColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade } } }\n"): (typeof documents)["\n  query LifecycleRetirementColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleRecordRetirement($kind: RetirementAssetKind!, $id: String!, $action: RetirementAction!, $reason: String!, $method: String) {\n    recordRetirement(kind: $kind, id: $id, action: $action, reason: $reason, method: $method) { __typename ... on Retirement { id status } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation LifecycleRecordRetirement($kind: RetirementAssetKind!, $id: String!, $action: RetirementAction!, $reason: String!, $method: String) {\n    recordRetirement(kind: $kind, id: $id, action: $action, reason: $reason, method: $method) { __typename ... on Retirement { id status } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleApproveRetirement($id: String!, $reason: String) { approveRetirement(id: $id, reason: $reason) { __typename ... on Retirement { id status } ... on Error { message } } }\n"): (typeof documents)["\n  mutation LifecycleApproveRetirement($id: String!, $reason: String) { approveRetirement(id: $id, reason: $reason) { __typename ... on Retirement { id status } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleRejectRetirement($id: String!, $reason: String!) { rejectRetirement(id: $id, reason: $reason) { __typename ... on Retirement { id status } ... on Error { message } } }\n"): (typeof documents)["\n  mutation LifecycleRejectRetirement($id: String!, $reason: String!) { rejectRetirement(id: $id, reason: $reason) { __typename ... on Retirement { id status } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleTransfers { transfers { id recipientKind recipient legalBasis channel purpose columnIds grade checker checkerDesignated exportId registeredBy transferredAt recordedAt } }\n"): (typeof documents)["\n  query LifecycleTransfers { transfers { id recipientKind recipient legalBasis channel purpose columnIds grade checker checkerDesignated exportId registeredBy transferredAt recordedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleTransferDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n"): (typeof documents)["\n  query LifecycleTransferDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleTransferColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade } } }\n"): (typeof documents)["\n  query LifecycleTransferColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleRegisterTransfer($input: TransferInput!) { registerTransfer(input: $input) { __typename ... on Transfer { id grade } ... on Error { message } } }\n"): (typeof documents)["\n  mutation LifecycleRegisterTransfer($input: TransferInput!) { registerTransfer(input: $input) { __typename ... on Transfer { id grade } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Lineage($columnId: String!, $depth: Int) {\n    upstream(columnId: $columnId, depth: $depth) { __typename ... on LineageGraph { root truncated nodes { id name path grade external depth } edges { id from to transform via } } ... on Error { message } }\n    downstream(columnId: $columnId, depth: $depth) { __typename ... on LineageGraph { root truncated nodes { id name path grade external depth } edges { id from to transform via } } ... on Error { message } }\n    impact(columnId: $columnId, depth: $depth) { __typename ... on LineageImpact { datasets { id path kind columns minDepth external } reconciliations { id name } exports jobs } ... on Error { message } }\n    gradeConflicts { conflicts { columnId upstreamId grade upstreamGrade path upstreamPath steps { edgeId } } }\n  }\n"): (typeof documents)["\n  query Lineage($columnId: String!, $depth: Int) {\n    upstream(columnId: $columnId, depth: $depth) { __typename ... on LineageGraph { root truncated nodes { id name path grade external depth } edges { id from to transform via } } ... on Error { message } }\n    downstream(columnId: $columnId, depth: $depth) { __typename ... on LineageGraph { root truncated nodes { id name path grade external depth } edges { id from to transform via } } ... on Error { message } }\n    impact(columnId: $columnId, depth: $depth) { __typename ... on LineageImpact { datasets { id path kind columns minDepth external } reconciliations { id name } exports jobs } ... on Error { message } }\n    gradeConflicts { conflicts { columnId upstreamId grade upstreamGrade path upstreamPath steps { edgeId } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LineageColumnSearch($query: String!) {\n    search(query: $query, kinds: [column], first: 15) { __typename ... on SearchConnection { edges { node { id path comment grade } } } ... on Error { message } }\n  }\n"): (typeof documents)["\n  query LineageColumnSearch($query: String!) {\n    search(query: $query, kinds: [column], first: 15) { __typename ... on SearchConnection { edges { node { id path comment grade } } } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LineageColumnName($id: String!) { column(id: $id) { id path comment grade } }\n"): (typeof documents)["\n  query LineageColumnName($id: String!) { column(id: $id) { id path comment grade } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Reconciliations { reconciliations { id name description lastOk lastRunAt tolerance results(first: 1) { at ok groups failingCount leftTotal rightTotal error } } }\n"): (typeof documents)["\n  query Reconciliations { reconciliations { id name description lastOk lastRunAt tolerance results(first: 1) { at ok groups failingCount leftTotal rightTotal error } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunReconciliation($id: String!) { runReconciliation(id: $id) { __typename ... on ReconciliationResult { ok failingCount } ... on Error { message } } }\n"): (typeof documents)["\n  mutation RunReconciliation($id: String!) { runReconciliation(id: $id) { __typename ... on ReconciliationResult { ok failingCount } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OwnershipGaps($includeColumns: Boolean) { ownershipGaps(includeColumns: $includeColumns) { id kind path grade missing } }\n"): (typeof documents)["\n  query OwnershipGaps($includeColumns: Boolean) { ownershipGaps(includeColumns: $includeColumns) { id kind path grade missing } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetOwnership($id: String!, $kind: AssetKind!, $role: OwnershipRole!, $parties: [String!]!) {\n    setOwnership(id: $id, kind: $kind, role: $role, parties: $parties) { __typename ... on Ownership { owner custodian } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation SetOwnership($id: String!, $kind: AssetKind!, $role: OwnershipRole!, $parties: [String!]!) {\n    setOwnership(id: $id, kind: $kind, role: $role, parties: $parties) { __typename ... on Ownership { owner custodian } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyRequests {\n    myAccessRequests {\n      id purpose endDate status grade format createdAt reason columnIds requester\n      approvals { id order kind department status decidedBy decidedAt reason }\n      exports { id datasetId status rowCount createdAt linkExpiresAt }\n    }\n  }\n"): (typeof documents)["\n  query MyRequests {\n    myAccessRequests {\n      id purpose endDate status grade format createdAt reason columnIds requester\n      approvals { id order kind department status decidedBy decidedAt reason }\n      exports { id datasetId status rowCount createdAt linkExpiresAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApprovalInbox {\n    approvalsWaitingForMe { onBehalfOf approval { id kind department order } request { id requester purpose endDate grade columnIds createdAt } }\n  }\n"): (typeof documents)["\n  query ApprovalInbox {\n    approvalsWaitingForMe { onBehalfOf approval { id kind department order } request { id requester purpose endDate grade columnIds createdAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AllRequests { accessRequests { id requester purpose endDate status grade createdAt } exports { id requester datasetId status rowCount createdAt watermarkId } }\n"): (typeof documents)["\n  query AllRequests { accessRequests { id requester purpose endDate status grade createdAt } exports { id requester datasetId status rowCount createdAt watermarkId } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RequestableDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n"): (typeof documents)["\n  query RequestableDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RequestableColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade categoryId dataType } } }\n"): (typeof documents)["\n  query RequestableColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade categoryId dataType } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccessPolicy { accessPolicy { version actor at reason rules { grade category steps maxDays maskedByDefault } } }\n"): (typeof documents)["\n  query AccessPolicy { accessPolicy { version actor at reason rules { grade category steps maxDays maskedByDefault } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveAccessPolicy($rules: [AccessPolicyRuleInput!]!, $reason: String!, $expectedVersion: Int) {\n    saveAccessPolicy(rules: $rules, reason: $reason, expectedVersion: $expectedVersion) { __typename ... on AccessPolicy { version } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation SaveAccessPolicy($rules: [AccessPolicyRuleInput!]!, $reason: String!, $expectedVersion: Int) {\n    saveAccessPolicy(rules: $rules, reason: $reason, expectedVersion: $expectedVersion) { __typename ... on AccessPolicy { version } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDelegation($to: String!, $until: String!) { setApprovalDelegation(delegateId: $to, until: $until) { __typename ... on Delegation { delegateTo delegateUntil } ... on Error { message } } }\n"): (typeof documents)["\n  mutation SetDelegation($to: String!, $until: String!) { setApprovalDelegation(delegateId: $to, until: $until) { __typename ... on Delegation { delegateTo delegateUntil } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClearDelegation { clearApprovalDelegation { __typename ... on Delegation { delegateTo delegateUntil } ... on Error { message } } }\n"): (typeof documents)["\n  mutation ClearDelegation { clearApprovalDelegation { __typename ... on Delegation { delegateTo delegateUntil } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestAccess($input: AccessRequestInput!) { requestAccess(input: $input) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n"): (typeof documents)["\n  mutation RequestAccess($input: AccessRequestInput!) { requestAccess(input: $input) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveStep($id: String!, $reason: String) { approveAccessStep(approvalId: $id, reason: $reason) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n"): (typeof documents)["\n  mutation ApproveStep($id: String!, $reason: String) { approveAccessStep(approvalId: $id, reason: $reason) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectStep($id: String!, $reason: String!) { rejectAccessStep(approvalId: $id, reason: $reason) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n"): (typeof documents)["\n  mutation RejectStep($id: String!, $reason: String!) { rejectAccessStep(approvalId: $id, reason: $reason) { __typename ... on AccessRequest { id status } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDownloadLink($id: String!) { createDownloadLink(exportId: $id) { __typename ... on DownloadLink { url expiresAt } ... on Error { message } } }\n"): (typeof documents)["\n  mutation CreateDownloadLink($id: String!) { createDownloadLink(exportId: $id) { __typename ... on DownloadLink { url expiresAt } ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewQueue($filter: ReviewFilter, $first: Int, $offset: Int) {\n    reviewQueue(filter: $filter, first: $first, offset: $offset) {\n      total\n      items { columnId path sourceId datasetId grade suggestedGrade categoryId categoryPath confidence evidence risk disagreement needsReview }\n    }\n  }\n"): (typeof documents)["\n  query ReviewQueue($filter: ReviewFilter, $first: Int, $offset: Int) {\n    reviewQueue(filter: $filter, first: $first, offset: $offset) {\n      total\n      items { columnId path sourceId datasetId grade suggestedGrade categoryId categoryPath confidence evidence risk disagreement needsReview }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewOptions { sources { id name } categories { code path } }\n"): (typeof documents)["\n  query ReviewOptions { sources { id name } categories { code path } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmGrades($columnIds: [String!]!) {\n    confirmGrades(columnIds: $columnIds) { __typename ... on GradeDecisions { count } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation ConfirmGrades($columnIds: [String!]!) {\n    confirmGrades(columnIds: $columnIds) { __typename ... on GradeDecisions { count } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkConfirmGrades($filter: ReviewFilter!) {\n    bulkConfirmGrades(filter: $filter) { __typename ... on GradeDecisions { count } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation BulkConfirmGrades($filter: ReviewFilter!) {\n    bulkConfirmGrades(filter: $filter) { __typename ... on GradeDecisions { count } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OverrideGrade($input: OverrideGradeInput!) {\n    overrideGrade(input: $input) { __typename ... on GradeDecision { columnId grade previousGrade } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation OverrideGrade($input: OverrideGradeInput!) {\n    overrideGrade(input: $input) { __typename ... on GradeDecision { columnId grade previousGrade } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ColumnGradeHistory($columnId: String!) {\n    column(id: $columnId) { id gradeStatus grade comment dataType }\n    gradeHistory(columnId: $columnId) { id kind grade previousGrade categoryId actor reason at confidence }\n  }\n"): (typeof documents)["\n  query ColumnGradeHistory($columnId: String!) {\n    column(id: $columnId) { id gradeStatus grade comment dataType }\n    gradeHistory(columnId: $columnId) { id kind grade previousGrade categoryId actor reason at confidence }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClassificationRules { classificationRules classificationRuleHistory { version actor at change } categories { code path } }\n"): (typeof documents)["\n  query ClassificationRules { classificationRules classificationRuleHistory { version actor at change } categories { code path } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewRule($change: RuleChangeInput!) {\n    previewClassificationRule(change: $change) {\n      __typename\n      ... on RuleChangePreview { version total datasetsChecked columnsChecked all changes { columnId path before after currentGrade gradeStatus afterCategoryPath } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  query PreviewRule($change: RuleChangeInput!) {\n    previewClassificationRule(change: $change) {\n      __typename\n      ... on RuleChangePreview { version total datasetsChecked columnsChecked all changes { columnId path before after currentGrade gradeStatus afterCategoryPath } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeRule($change: RuleChangeInput!) {\n    changeClassificationRule(change: $change) { __typename ... on RuleSetVersion { version } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation ChangeRule($change: RuleChangeInput!) {\n    changeClassificationRule(change: $change) { __typename ... on RuleSetVersion { version } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Search($query: String!, $filter: SearchFilter, $first: Int) {\n    search(query: $query, filter: $filter, first: $first) {\n      __typename\n      ... on SearchConnection { total relaxed facets edges { node { id kind name path comment grade categoryPath system owner conformance datasetId sourceId standardCode } } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  query Search($query: String!, $filter: SearchFilter, $first: Int) {\n    search(query: $query, filter: $filter, first: $first) {\n      __typename\n      ... on SearchConnection { total relaxed facets edges { node { id kind name path comment grade categoryPath system owner conformance datasetId sourceId standardCode } } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Standards {\n    standards { code nameZh nameEn dataType length precision defaultCategory defaultGrade status version ownerDepartment definition }\n    conformanceBySource { sourceId system columns mapped conforming partial nonconforming average }\n  }\n"): (typeof documents)["\n  query Standards {\n    standards { code nameZh nameEn dataType length precision defaultCategory defaultGrade status version ownerDepartment definition }\n    conformanceBySource { sourceId system columns mapped conforming partial nonconforming average }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StandardsWorkbook { standardsWorkbook }"): (typeof documents)["query StandardsWorkbook { standardsWorkbook }"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;