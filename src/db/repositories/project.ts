import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { companies, jobDetails, userProfiles, type CompanyRow, type JobDetailsRow, type UserProfileRow } from '../schema/index.js';

export type JobDetailsPatch = Partial<Omit<JobDetailsRow, 'jobId' | 'updatedAt'>>;

/**
 * Per-job project details (migration 0013). Callers check the job's owner first (through
 * JobsRepository.getForUser): a job id alone is never enough to read or change them.
 */
export class JobDetailsRepository {
  constructor(private readonly db: Db) {}

  get(jobId: string): JobDetailsRow | undefined {
    return this.db.select().from(jobDetails).where(eq(jobDetails.jobId, jobId)).get();
  }

  upsert(jobId: string, patch: JobDetailsPatch): JobDetailsRow {
    this.db
      .insert(jobDetails)
      .values({ jobId, ...patch })
      .onConflictDoUpdate({ target: jobDetails.jobId, set: { ...patch, updatedAt: sql`CURRENT_TIMESTAMP` } })
      .run();
    return this.get(jobId)!;
  }
}

export type ProfilePatch = Partial<Pick<UserProfileRow, 'fullName' | 'title' | 'phone'>>;
export type CompanyPatch = Partial<Pick<CompanyRow, 'name' | 'address' | 'phone' | 'logoUrl'>>;

/** The estimator's profile and the company it belongs to; owner-scoped by user id. */
export class ProfilesRepository {
  constructor(private readonly db: Db) {}

  get(userId: string): { profile: UserProfileRow | undefined; company: CompanyRow | undefined } {
    const profile = this.db.select().from(userProfiles).where(eq(userProfiles.userId, userId)).get();
    const company = profile?.companyId ? this.db.select().from(companies).where(eq(companies.companyId, profile.companyId)).get() : undefined;
    return { profile, company };
  }

  updateProfile(userId: string, patch: ProfilePatch): void {
    this.db
      .insert(userProfiles)
      .values({ userId, ...patch })
      .onConflictDoUpdate({ target: userProfiles.userId, set: { ...patch, updatedAt: sql`CURRENT_TIMESTAMP` } })
      .run();
  }

  /** Update the user's company, creating it (named `patch.name`) when the user has none yet. */
  updateCompany(userId: string, patch: CompanyPatch & { name: string }): CompanyRow;
  updateCompany(userId: string, patch: CompanyPatch): CompanyRow | undefined;
  updateCompany(userId: string, patch: CompanyPatch): CompanyRow | undefined {
    const { company } = this.get(userId);
    if (company) {
      this.db.update(companies).set({ ...patch, updatedAt: sql`CURRENT_TIMESTAMP` }).where(eq(companies.companyId, company.companyId)).run();
      return this.get(userId).company;
    }
    if (!patch.name) return undefined;
    const companyId = randomUUID();
    this.db.insert(companies).values({ companyId, name: patch.name, address: patch.address ?? null, phone: patch.phone ?? null, logoUrl: patch.logoUrl ?? null }).run();
    this.db
      .insert(userProfiles)
      .values({ userId, companyId })
      .onConflictDoUpdate({ target: userProfiles.userId, set: { companyId, updatedAt: sql`CURRENT_TIMESTAMP` } })
      .run();
    return this.get(userId).company;
  }

  /** Put `userId` in the company of `colleagueId` (both users of one general contractor). */
  joinCompanyOf(userId: string, colleagueId: string): CompanyRow | undefined {
    const { company } = this.get(colleagueId);
    if (!company) return undefined;
    this.db
      .insert(userProfiles)
      .values({ userId, companyId: company.companyId })
      .onConflictDoUpdate({ target: userProfiles.userId, set: { companyId: company.companyId, updatedAt: sql`CURRENT_TIMESTAMP` } })
      .run();
    return company;
  }
}
