import { ApiClient } from './api-client';

export interface Credentials {
  email: string;
  password: string;
}

export interface Session {
  email: string;
  token: string;
  userId: string;
  role: string;
}

interface LoginBody {
  accessToken: string;
  userId: string;
  role: string;
}

export class LoginFailed extends Error {}

/** Logs each distinct login in once, a few at a time (password hashing is deliberately slow). */
export async function logIn(api: ApiClient, credentials: readonly Credentials[], concurrency = 4): Promise<Map<string, Session>> {
  const distinct = [...new Map(credentials.map((c) => [c.email, c])).values()];
  const sessions = new Map<string, Session>();
  let next = 0;
  const worker = async () => {
    while (next < distinct.length) {
      const { email, password } = distinct[next++];
      const response = await api.call<LoginBody>('POST', '/api/auth/login', { body: { email, password } });
      if (response.status !== 200 || !response.body?.accessToken) {
        const reason = response.status === 0 ? response.error : `HTTP ${response.status} ${response.error ?? ''}`.trim();
        throw new LoginFailed(`login as ${email} at ${api.baseUrl} failed: ${reason}`);
      }
      sessions.set(email, { email, token: response.body.accessToken, userId: response.body.userId, role: response.body.role });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, distinct.length) }, worker));
  return sessions;
}
