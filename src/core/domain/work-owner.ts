import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

/**
 * Who holds a claim on a piece of work — a job's pipeline lease, a message the sender is sending, a
 * message the mail reader is handling — and whether that holder is gone, so its claim may be taken
 * over. One format and one liveness rule for all three (they used to have three of each):
 *
 * - an owner is `host:pid:random`, made once per runner, sender or mail reader; `host` is the host
 *   name plus, on Linux, the process-id namespace, so two containers that share a host name (host
 *   networking) never judge each other's pids;
 * - a claim is free once its lease time has passed (the rule that works across hosts);
 * - before that, a claim is free only when its owner is known dead: a process on this host that no
 *   longer exists, or a holder in this process that has stopped (`retireOwner`). A holder on
 *   another host is presumed alive until its lease ends.
 *
 * Dependency-free (node only), so the repositories may use it too.
 */
const retired = new Set<string>();

/** This machine as owners name it: the host name, and the pid namespace where there is one. */
const localHost = ((): string => {
  let ns = '';
  try {
    ns = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '';
  } catch {
    // Not Linux (or /proc hidden): the host name alone, as pids are judged only on this host anyway.
  }
  return (ns ? `${hostname()}~${ns}` : hostname()).replaceAll(':', '_');
})();

export function newWorkOwner(): string {
  return `${localHost}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** This holder stopped (a mail reader closing, a sender shut down): its claims may be taken at once. */
export function retireOwner(owner: string): void {
  retired.add(owner);
}

/** The holder started (again) in this process. */
export function reviveOwner(owner: string): void {
  retired.delete(owner);
}

/** Known dead: this host's process that is gone, or this process's holder that stopped. A holder elsewhere is never known dead. */
export function ownerIsGone(owner: string | null | undefined): boolean {
  if (!owner) return true;
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== localHost || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return retired.has(owner);
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // EPERM: the process exists under another user — alive.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A stored time (`YYYY-MM-DD HH:MM:SS`, UTC) as milliseconds. */
const storedTimeMs = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);

/** May `self` take a claim held by `owner` until `leaseUntil`? Yes when nobody holds it, its lease ended, or its holder is gone. */
export function claimIsFree(claim: { owner: string | null; leaseUntil: string | null }, self: string, nowMs: number = Date.now()): boolean {
  if (!claim.owner) return true;
  if (claim.owner === self) return false;
  if (claim.leaseUntil && storedTimeMs(claim.leaseUntil) < nowMs) return true;
  return ownerIsGone(claim.owner);
}
