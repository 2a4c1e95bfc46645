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
  /**
   * Answer `path` as a share too large for its virus scan does: a page whose "Download anyway" GET
   * form (id download-form; hidden id, export, confirm=t, uuid) leads to /download, which serves the
   * file only with those fields and answers the same page again without them.
   */
  confirmPage(path: string, body: Buffer, fileName: string): void;
  close(): Promise<void>;
}

/** A local HTTP server standing in for a public file share (Dropbox-like direct downloads, redirects). */
export async function startFileShare(): Promise<FileShare> {
  const files = new Map<string, { body: Buffer; fileName?: string; contentType?: string }>();
  const redirects = new Map<string, string>();
  const requests: string[] = [];
  const confirms = new Map<string, { body: Buffer; fileName: string; uuid: string }>();
  const confirmHtml = (id: string, uuid: string) => `<!DOCTYPE html><html><head><title>Virus scan warning</title><meta http-equiv="content-type" content="text/html; charset=utf-8"/></head>
<body><div class="uc-main"><p class="uc-warning-subcaption">Google Drive can't scan this file for viruses.</p>
<form id="download-form" action="/download" method="get"><input type="submit" id="uc-download-link" class="goog-inline-block jfk-button jfk-button-action" value="Download anyway"/>
<input type="hidden" name="id" value="${id}"><input type="hidden" name="export" value="download"><input type="hidden" name="confirm" value="t"><input type="hidden" name="uuid" value="${uuid}"></form></div></body></html>`;
  const server: Server = createServer((req, res) => {
    const at = new URL(req.url ?? '/', 'http://x');
    const path = at.pathname;
    requests.push(req.url ?? '/');
    const confirm = confirms.get(path) ?? (path === '/download' ? confirms.get(at.searchParams.get('id') ?? '') : undefined);
    if (confirm) {
      const id = path === '/download' ? at.searchParams.get('id')! : path;
      if (path === '/download' && at.searchParams.get('confirm') === 't' && at.searchParams.get('uuid') === confirm.uuid) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${confirm.fileName}"` }).end(confirm.body);
      } else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(confirmHtml(id, confirm.uuid));
      return;
    }
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
    confirmPage: (path, body, fileName) => confirms.set(path, { body, fileName, uuid: `u-${Math.random().toString(36).slice(2)}` }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
