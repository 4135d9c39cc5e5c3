// Sign-in: paste a token (fundgov token --user ID, or the identity provider's token).
import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { LanguageSwitch } from '../components/LanguageSwitch';

export function SignIn() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const [token, setToken] = useState('');
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Card title={t('signin.title')} style={{ width: 480 }} extra={
        <LanguageSwitch />
      }>
        <Typography.Paragraph type="secondary">{t('signin.help')}</Typography.Paragraph>
        <Typography.Paragraph><Typography.Text code>{t('signin.command')}</Typography.Text></Typography.Paragraph>
        <Form layout="vertical" onFinish={() => token.trim() && signIn(token.trim())}>
          <Form.Item label={t('signin.token')} required>
            <Input.TextArea data-testid="token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} placeholder={t('signin.placeholder')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block data-testid="signin" disabled={!token.trim()}>{t('signin.submit')}</Button>
        </Form>
      </Card>
    </div>
  );
}
