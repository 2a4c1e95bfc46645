import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Repositories } from '../../db/repositories/index.js';

/**
 * The general contractor as the subcontractor sees it: the company (name, address, phone, logo)
 * and the estimator who signs (name, title, phone, e-mail). Invitations are refused without a
 * company name and the estimator's name: an invitation from a bare login address gets ignored.
 */
export interface GcIdentity {
  company: { name: string; address: string | null; phone: string | null; logoUrl: string | null } | null;
  estimator: { name: string | null; title: string | null; phone: string | null; email: string };
}

const PHONE = /^[+()\d][\d\s().+-]{5,30}(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i;

export const identityPatchSchema = z
  .object({
    full_name: z.string().trim().max(120).nullable(),
    title: z.string().trim().max(120).nullable(),
    phone: z.string().trim().max(40).nullable(),
    company_name: z.string().trim().min(1).max(160),
    company_address: z.string().trim().max(300).nullable(),
    company_phone: z.string().trim().max(40).nullable(),
    company_logo_url: z.string().trim().max(500).nullable(),
  })
  .partial()
  .strict();
export type IdentityPatch = z.infer<typeof identityPatchSchema>;

export async function identityOf(repos: Pick<Repositories, 'users' | 'profiles'>, userId: string): Promise<GcIdentity> {
  const user = await repos.users.getById(userId);
  const { profile, company } = await repos.profiles.get(userId);
  return {
    company: company ? { name: company.name, address: company.address, phone: company.phone, logoUrl: company.logoUrl } : null,
    estimator: { name: profile?.fullName ?? null, title: profile?.title ?? null, phone: profile?.phone ?? null, email: user?.email ?? '' },
  };
}

export async function updateIdentity(repos: Pick<Repositories, 'users' | 'profiles'>, userId: string, raw: unknown): Promise<GcIdentity> {
  const parsed = identityPatchSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('VALIDATION', `Bad profile: ${parsed.error.message}`, {
      userMessage:
        issue?.code === 'unrecognized_keys'
          ? `Unknown field(s): ${issue.keys.join(', ')}. Fields: ${Object.keys(identityPatchSchema.shape).join(', ')}.`
          : `The ${issue?.path.join('.') || 'profile'} value is not valid: ${issue?.message ?? 'check it'}.`,
    });
  }
  const p = parsed.data;
  const blank = (s: string | null | undefined) => (s === undefined ? undefined : s === null || s === '' ? null : s);
  for (const [label, v] of [['phone', p.phone], ['company phone', p.company_phone]] as const) {
    if (v && !PHONE.test(v)) throw new AppError('VALIDATION', `Bad ${label} ${v}`, { userMessage: `"${v}" does not look like a phone number (digits, spaces, + ( ) - and an optional "ext 12").` });
  }
  const logo = blank(p.company_logo_url);
  if (logo) {
    let url: URL | undefined;
    try {
      url = new URL(logo);
    } catch (_e) {
      url = undefined; // reported just below
    }
    if (!url || url.protocol !== 'https:') {
      throw new AppError('VALIDATION', `Bad logo URL ${logo}`, { userMessage: `The logo must be an https:// address of an image (got "${logo}"); mail programs block other kinds.` });
    }
  }
  const profile = { fullName: blank(p.full_name), title: blank(p.title), phone: blank(p.phone) };
  const profilePatch = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined));
  if (Object.keys(profilePatch).length) await repos.profiles.updateProfile(userId, profilePatch);
  const company = { name: p.company_name, address: blank(p.company_address), phone: blank(p.company_phone), logoUrl: logo };
  const companyPatch = Object.fromEntries(Object.entries(company).filter(([, v]) => v !== undefined));
  if (Object.keys(companyPatch).length) {
    const saved = await repos.profiles.updateCompany(userId, companyPatch);
    if (!saved) {
      throw new AppError('VALIDATION', 'Company fields without a company name', {
        userMessage: 'Set the company name first (e.g. --company "Acme Builders"); the address, phone and logo belong to it.',
      });
    }
  }
  return identityOf(repos, userId);
}

/** Why invitations cannot be signed yet, or null. */
export function identityBlocker(id: GcIdentity): string | null {
  const missing = [!id.company ? 'your company name' : null, !id.estimator.name ? 'your name' : null].filter(Boolean);
  if (missing.length === 0) return null;
  return `Invitations are signed with ${missing.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not set yet. Set ${missing.length === 1 ? 'it' : 'them'} with: redbutton profile set --user <you> --name "Jane Doe" --company "Acme Builders" (or PUT /profile).`;
}
