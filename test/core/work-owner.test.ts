import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { claimIsFree, newWorkOwner, ownerIsGone, retireOwner, reviveOwner } from '../../src/core/domain/work-owner.js';

// One owner format and one liveness rule for pipeline leases, send claims and inbound-mail claims.
describe('who holds a claim, and when it may be taken over', () => {
  const inAMinute = new Date(Date.now() + 60_000).toISOString().slice(0, 19).replace('T', ' ');
  const aMinuteAgo = new Date(Date.now() - 60_000).toISOString().slice(0, 19).replace('T', ' ');

  it('a holder in this process is alive until it stops; a new one is a different owner', () => {
    const a = newWorkOwner();
    const [host, pid] = a.split(':');
    expect(host!.startsWith(hostname().replaceAll(':', '_'))).toBe(true);
    expect(Number(pid)).toBe(process.pid);
    expect(newWorkOwner()).not.toBe(a);
    expect(ownerIsGone(a)).toBe(false);
    retireOwner(a);
    expect(ownerIsGone(a)).toBe(true);
    expect(claimIsFree({ owner: a, leaseUntil: inAMinute }, newWorkOwner())).toBe(true);
    reviveOwner(a);
    expect(ownerIsGone(a)).toBe(false);
  });

  it("a process on this host that exited is gone at once; one still running is not", async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    const live = `${newWorkOwner().split(':')[0]}:${child.pid}:abcd1234`;
    expect(ownerIsGone(live)).toBe(false);
    expect(claimIsFree({ owner: live, leaseUntil: inAMinute }, newWorkOwner())).toBe(false);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(ownerIsGone(live)).toBe(true);
    expect(claimIsFree({ owner: live, leaseUntil: inAMinute }, newWorkOwner())).toBe(true);
  });

  it('a holder on another host — or in another container with the same host name — is presumed alive until its lease ends', () => {
    const elsewhere = 'another-host.example:4242:deadbeef';
    expect(ownerIsGone(elsewhere)).toBe(false);
    // Same host name, another pid namespace: pid 4242 there says nothing about pid 4242 here.
    expect(ownerIsGone(`${hostname().replaceAll(':', '_')}~1:4242:deadbeef`)).toBe(false);
    expect(claimIsFree({ owner: elsewhere, leaseUntil: inAMinute }, newWorkOwner())).toBe(false);
    expect(claimIsFree({ owner: elsewhere, leaseUntil: aMinuteAgo }, newWorkOwner())).toBe(true);
  });

  it('an unclaimed row is free; a claim of my own is not "free" to take again', () => {
    const me = newWorkOwner();
    expect(claimIsFree({ owner: null, leaseUntil: null }, me)).toBe(true);
    expect(claimIsFree({ owner: me, leaseUntil: aMinuteAgo }, me)).toBe(false);
  });
});
