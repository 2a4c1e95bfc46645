import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergePackageScopes } from '../../src/core/scope/merge-package.js';
import { fact, scopeDoc } from '../helpers/jobs.js';
import { appBackends, openTestApp, type AnyTestApp } from '../helpers/app.js';
import { projectFacts } from '../helpers/project-facts.js';

describe('one scope for a package of documents', () => {
  it('merges trades (most confident document leads), names each piece of evidence, sheet and fact by its document', () => {
    const arch = scopeDoc(['09', '26'], { zipOrPostcode: null }, { '26': 0.6 });
    const mep = scopeDoc(['26', '23'], { name: fact('Other name'), zipOrPostcode: fact('55303', 2) }, { '26': 0.95 });
    mep.sheets = [{ page: 1, number: 'E-101' }];
    const merged = mergePackageScopes([
      { documentId: 'd1', fileName: 'Architectural.pdf', scope: arch },
      { documentId: 'd2', fileName: 'MEP.pdf', scope: mep },
    ]);
    expect(merged.trades.map((t) => [t.division, t.confidence])).toEqual([['09', 0.9], ['23', 0.9], ['26', 0.95]]);
    const electrical = merged.trades.find((t) => t.division === '26')!;
    expect(electrical.evidence.map((e) => e.document)).toEqual(['MEP.pdf', 'Architectural.pdf']);
    // The first document that states a fact gives it; the zip only the second one prints.
    expect(merged.project.name).toMatchObject({ value: 'Riverside Clinic', document: 'Architectural.pdf' });
    expect(merged.project.zipOrPostcode).toMatchObject({ value: '55303', page: 2, document: 'MEP.pdf' });
    expect(merged.sheets).toEqual([{ page: 1, number: 'E-101', document: 'MEP.pdf' }]);
    expect(merged.source).toMatchObject({ pages: 6, fileName: 'Architectural.pdf', documents: [{ documentId: 'd1', fileName: 'Architectural.pdf', pages: 3 }, { documentId: 'd2', fileName: 'MEP.pdf', pages: 3 }] });
  });

  it('a package of one document is that document, unchanged', () => {
    const only = scopeDoc(['26']);
    expect(mergePackageScopes([{ documentId: 'd1', fileName: 'E.pdf', scope: only }])).toBe(only);
  });
});

describe.each(appBackends())("the job's location from the documents on $backend", ({ backend, skip }) => {
  let t: AnyTestApp;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp(backend);
  });
  afterAll(async () => {
    if (!skip) await t.cleanup();
  });

  it.skipIf(skip)('a city and state without a zip still give the job a zip (for distances); a printed zip or the sender’s wins', async () => {
    const user = await t.app.repos.users.create('loc@example.com', 'a-long-password-1');
    const job = await t.app.repos.jobs.create({ userId: user.userId, name: 'x', origin: 'cli' });
    expect((await t.app.details.fillFromFacts(job, projectFacts({ city: 'Lafayette', state: 'IN' }))).zipCode).toBe('47901');
    expect((await t.app.details.fillFromFacts(job, projectFacts({ city: 'Lafayette', state: 'IN', zip: '47909' }))).zipCode).toBe('47909');
    expect((await t.app.details.fillFromFacts({ ...job, zipCode: '55303' }, projectFacts({ city: 'Lafayette', state: 'IN' }))).zipCode).toBeUndefined();
    expect((await t.app.details.fillFromFacts(job, projectFacts({ city: 'Nowhere Town', state: 'IN' }))).zipCode).toBeUndefined();
  });
});
