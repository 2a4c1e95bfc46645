import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileShare {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Paths requested, in order. */
  requests: string[];
  /** Serve `body` at `path` (a Content-Disposition file name when given). */
  put(path: string, body: Buffer, opts?: { fileName?: string; contentType?: string }): void;
  /** Answer `path` with a redirect to `location`. */
  redirect(path: string, location: string): void;
  close(): Promise<void>;
}

/** A local HTTP server standing in for a public file share (Dropbox-like direct downloads, redirects). */
export async function startFileShare(): Promise<FileShare> {
  const files = new Map<string, { body: Buffer; fileName?: string; contentType?: string }>();
  const redirects = new Map<string, string>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(req.url ?? '/');
    const to = redirects.get(path);
    if (to) {
      res.writeHead(302, { location: to }).end();
      return;
    }
    const f = files.get(path);
    if (!f) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not found</body></html>');
      return;
    }
    res.writeHead(200, {
      'content-type': f.contentType ?? 'application/octet-stream',
      'content-length': String(f.body.length),
      ...(f.fileName ? { 'content-disposition': `attachment; filename="${f.fileName}"` } : {}),
    });
    res.end(f.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    put: (path, body, opts = {}) => files.set(path, { body, ...opts }),
    redirect: (path, location) => redirects.set(path, location),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
