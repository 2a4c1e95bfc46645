import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * A real S3-compatible server for tests: `s3rver` (S3's REST API over a temp directory) on a free
 * 127.0.0.1 port, with one bucket. It checks request signatures against its fixed key pair.
 */
export interface S3TestServer {
  endpoint: string;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Where it keeps objects (to look at them from the side in tests). */
  dir: string;
  close(): Promise<void>;
}

export async function startS3(bucket = 'rb-test'): Promise<S3TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const { port } = (await server.run()) as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    dir,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
