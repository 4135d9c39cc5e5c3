// The shell: Ant Design layout, menu filtered by the user's roles, language switch, routes.
import { useMemo } from 'react';
import { ConfigProvider, Layout, Menu, Space, Typography, Button, Tag, Result, Spin, theme } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth, useMe } from './auth';
import type { Language } from './i18n';
import { LanguageSwitch } from './components/LanguageSwitch';
import { SCREENS, allowed } from './screens';
import { SignIn } from './pages/SignIn';
import { useApiFields } from './api';
import { Pending } from './pages/Pending';
import { ErrorAlert } from './components/ErrorAlert';

export function App() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  document.title = t('app.title');
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ algorithm: theme.defaultAlgorithm, token: { colorPrimary: '#c0392b' } }}>
      <Shell />
    </ConfigProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const { token, signOut } = useAuth();
  const { me, roles, fetching, error } = useMe();
  const api = useApiFields();
  const location = useLocation();
  const navigate = useNavigate();
  const visible = useMemo(() => SCREENS.filter((s) => !s.hidden && allowed(s, roles)), [roles]);

  if (!token) return <SignIn />;
  if (error) return <div style={{ padding: 48 }}><ErrorAlert error={error} /><Button onClick={signOut}>{t('signin.again')}</Button></div>;
  if (!me || fetching && !me) return <Spin size="large" style={{ display: 'block', marginTop: 120 }} />;

  const current = visible.filter((s) => s.path === '/' ? location.pathname === '/' : location.pathname.startsWith(s.path)).map((s) => s.key);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={56} theme="light" width={208}>
        <div style={{ padding: '16px 20px', fontWeight: 700, fontSize: 16, whiteSpace: 'nowrap', overflow: 'hidden' }}>{t('app.name')}</div>
        <Menu
          mode="inline"
          data-testid="menu"
          selectedKeys={current}
          onClick={({ key }) => navigate(SCREENS.find((s) => s.key === key)!.path)}
          items={visible.map((s) => ({
            key: s.key,
            icon: s.icon,
            label: <span data-testid={`menu-${s.key}`}>{t(`menu.${s.key}`)}{api.ready && s.needs.some((f) => !api.has(f)) ? <Tag style={{ marginLeft: 6 }}>{t('pending.tag')}</Tag> : null}</span>,
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }}>
          <Space size="middle">
            <LanguageSwitch />
            <Typography.Text data-testid="me">{me.name}</Typography.Text>
            {roles.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>)}
            <Button icon={<LogoutOutlined />} onClick={signOut} data-testid="signout">{t('signin.out')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 16, padding: 20, background: '#fff', borderRadius: 8, minWidth: 0 }}>
          <Routes>
            {visible.flatMap((s) => [
              <Route key={s.key} path={s.path} element={api.ready && s.needs.some((f) => !api.has(f)) ? <Pending feature={s.key} /> : s.element} />,
              ...(s.children ?? []).map((c) => <Route key={c.path} path={c.path} element={c.element} />),
            ])}
            <Route path="/signin" element={<Navigate to="/" replace />} />
            <Route path="*" element={<Result status="404" title={t('notFound.title')} subTitle={t('notFound.hint')} />} />
          </Routes>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
