import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A plain HTTP request with exactly the headers given (fetch would add Accept-Encoding). */
export function httpRequest(method: string, url: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await httpRequest(
    'POST',
    `${baseUrl}/api/auth/login`,
    { 'content-type': 'application/json' },
    JSON.stringify({ email, password }),
  );
  if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status} ${response.body.toString()}`);
  return (JSON.parse(response.body.toString()) as { accessToken: string }).accessToken;
}
