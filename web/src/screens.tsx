// Every screen: its path, menu label, icon, which roles see it and which API fields it needs.
// A new domain's screen is one entry here plus its page component.
import type { ReactNode } from 'react';
import {
  DashboardOutlined, DatabaseOutlined, SearchOutlined, AuditOutlined, ApartmentOutlined, CheckSquareOutlined,
  TeamOutlined, BookOutlined, ExperimentOutlined, FileProtectOutlined, SafetyCertificateOutlined, BugOutlined,
} from '@ant-design/icons';
import type { Role } from './gql/graphql';
import { Dashboard } from './pages/Dashboard';
import { Catalogue, SourcePage, DatasetPage } from './pages/Catalogue';
import { Review } from './pages/Review';
import { OwnershipGaps } from './pages/OwnershipGaps';
import { AuditTrail } from './pages/AuditTrail';
import { Lineage } from './pages/Lineage';
import { Standards } from './pages/Standards';
import { Pending } from './pages/Pending';
import { Requests } from './pages/Requests';
import { Search } from './pages/Search';
import { LeakTrace } from './pages/LeakTrace';
import { DeleteOutlined, SendOutlined, StopOutlined, FileExcelOutlined } from '@ant-design/icons';
import { LifecycleDestruction } from './pages/LifecycleDestruction';
import { LifecycleTransfers } from './pages/LifecycleTransfers';
import { LifecycleRetirements } from './pages/LifecycleRetirements';
import { LifecycleReports } from './pages/LifecycleReports';
import { Rules } from './pages/Rules';

export interface Screen {
  key: string;
  path: string;
  icon: ReactNode;
  /** roles that see it; empty = every signed-in user */
  roles: Role[];
  /** API fields it needs; when one is missing the screen says the API has not landed */
  needs: string[];
  element: ReactNode;
  /** sub-routes that belong to the same menu entry */
  children?: { path: string; element: ReactNode }[];
  hidden?: boolean;
}

const everyone: Role[] = [];

export const SCREENS: Screen[] = [
  { key: 'dashboard', path: '/', icon: <DashboardOutlined />, roles: everyone, needs: ['gradeStats', 'gradeStatsBySource'], element: <Dashboard /> },
  { key: 'search', path: '/search', icon: <SearchOutlined />, roles: everyone, needs: ['search'], element: <Search /> },
  {
    key: 'catalogue', path: '/catalogue', icon: <DatabaseOutlined />, roles: everyone, needs: ['sources'], element: <Catalogue />,
    children: [{ path: '/catalogue/source/:id', element: <SourcePage /> }, { path: '/catalogue/dataset/:id', element: <DatasetPage /> }],
  },
  { key: 'review', path: '/review', icon: <CheckSquareOutlined />, roles: ['steward', 'governance', 'admin'], needs: ['reviewQueue'], element: <Review /> },
  { key: 'rules', path: '/rules', icon: <ExperimentOutlined />, roles: ['steward', 'governance', 'admin'], needs: ['classificationRules', 'previewClassificationRule', 'changeClassificationRule'], element: <Rules /> },
  { key: 'ownership', path: '/ownership', icon: <TeamOutlined />, roles: ['steward', 'governance', 'admin', 'auditor'], needs: ['ownershipGaps'], element: <OwnershipGaps /> },
  { key: 'lineage', path: '/lineage', icon: <ApartmentOutlined />, roles: everyone, needs: ['upstream', 'downstream'], element: <Lineage /> },
  { key: 'standards', path: '/standards', icon: <BookOutlined />, roles: everyone, needs: ['standards'], element: <Standards /> },
  { key: 'requests', path: '/requests', icon: <FileProtectOutlined />, roles: ['business', 'approver', 'governance', 'admin'], needs: ['myAccessRequests', 'requestAccess'], element: <Requests /> },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, roles: ['auditor', 'governance', 'admin'], needs: ['auditEvents', 'auditVerify'], element: <AuditTrail /> },
  { key: 'leak', path: '/leak', icon: <BugOutlined />, roles: ['auditor', 'governance', 'admin'], needs: [], element: <LeakTrace /> },
  { key: 'destruction', path: '/destruction', icon: <DeleteOutlined />, roles: everyone, needs: ['myDestructionTodos', 'confirmExportDestruction'], element: <LifecycleDestruction /> },
  { key: 'transfers', path: '/transfers', icon: <SendOutlined />, roles: ['steward', 'governance', 'auditor', 'business', 'admin'], needs: ['transfers', 'registerTransfer'], element: <LifecycleTransfers /> },
  { key: 'retirements', path: '/retirements', icon: <StopOutlined />, roles: everyone, needs: ['retirements', 'recordRetirement'], element: <LifecycleRetirements /> },
  { key: 'reports', path: '/reports', icon: <FileExcelOutlined />, roles: ['steward', 'governance', 'auditor', 'admin'], needs: ['reports', 'generateInventoryReport'], element: <LifecycleReports /> },
  { key: 'signin', path: '/signin', icon: <SafetyCertificateOutlined />, roles: everyone, needs: [], element: null, hidden: true },
];

export function allowed(screen: Screen, roles: Role[]): boolean {
  return screen.roles.length === 0 || screen.roles.some((r) => roles.includes(r));
}
