import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { CompanyPatch, JobDetailsPatch, JobDetailsRepository, JobDetailsRow, ProfilePatch, ProfilesRepository, Promised } from '../../repositories/index.js';
import type { CompanyRow, UserProfileRow } from '../../schema/index.js';
import { companies, jobDetails, userProfiles, users } from '../schema.js';
import type { PgContext } from './context.js';

/** Per-job project details on Postgres (the SQLite class: ../../repositories/project.ts). */
export class PgJobDetailsRepository implements Promised<JobDetailsRepository> {
  constructor(private readonly ctx: PgContext) {}

  async get(jobId: string): Promise<JobDetailsRow | undefined> {
    const [row] = await this.ctx.q().select().from(jobDetails).where(eq(jobDetails.jobId, jobId));
    return row;
  }

  async upsert(jobId: string, patch: JobDetailsPatch): Promise<JobDetailsRow> {
    const [row] = await this.ctx
      .q()
      .insert(jobDetails)
      .values({ jobId, ...patch })
      .onConflictDoUpdate({ target: jobDetails.jobId, set: { ...patch, updatedAt: sql`now()` } })
      .returning();
    return row!;
  }
}

/** The estimator's profile and company on Postgres (the SQLite class: ../../repositories/project.ts). */
export class PgProfilesRepository implements Promised<ProfilesRepository> {
  constructor(private readonly ctx: PgContext) {}

  async get(userId: string): Promise<{ profile: UserProfileRow | undefined; company: CompanyRow | undefined }> {
    const [row] = await this.ctx
      .q()
      .select({ profile: userProfiles, company: companies })
      .from(userProfiles)
      .leftJoin(companies, eq(companies.companyId, userProfiles.companyId))
      .where(eq(userProfiles.userId, userId));
    return { profile: row?.profile, company: row?.company ?? undefined };
  }

  async updateProfile(userId: string, patch: ProfilePatch): Promise<void> {
    await this.ctx
      .q()
      .insert(userProfiles)
      .values({ userId, ...patch })
      .onConflictDoUpdate({ target: userProfiles.userId, set: { ...patch, updatedAt: sql`now()` } });
  }

  updateCompany(userId: string, patch: CompanyPatch & { name: string }): Promise<CompanyRow>;
  updateCompany(userId: string, patch: CompanyPatch): Promise<CompanyRow | undefined>;
  /**
   * Reads the user's company, then updates it or creates one: on SQLite nothing runs between the
   * two, here two calls for one user could each create a company. The user's row is locked first
   * (FOR NO KEY UPDATE: it serializes these calls without blocking inserts that reference the user),
   * so the second call sees the company the first made.
   */
  async updateCompany(userId: string, patch: CompanyPatch): Promise<CompanyRow | undefined> {
    return this.ctx.transaction(async () => {
      await this.ctx.q().select({ userId: users.userId }).from(users).where(eq(users.userId, userId)).for('no key update');
      const { company } = await this.get(userId);
      if (company) {
        const [updated] = await this.ctx
          .q()
          .update(companies)
          .set({ ...patch, updatedAt: sql`now()` })
          .where(eq(companies.companyId, company.companyId))
          .returning();
        return updated;
      }
      if (!patch.name) return undefined;
      const [created] = await this.ctx
        .q()
        .insert(companies)
        .values({ companyId: randomUUID(), name: patch.name, address: patch.address ?? null, phone: patch.phone ?? null, logoUrl: patch.logoUrl ?? null })
        .returning();
      await this.setCompany(userId, created!.companyId);
      return created;
    });
  }

  async joinCompanyOf(userId: string, colleagueId: string): Promise<CompanyRow | undefined> {
    const { company } = await this.get(colleagueId);
    if (!company) return undefined;
    await this.setCompany(userId, company.companyId);
    return company;
  }

  private async setCompany(userId: string, companyId: string): Promise<void> {
    await this.ctx
      .q()
      .insert(userProfiles)
      .values({ userId, companyId })
      .onConflictDoUpdate({ target: userProfiles.userId, set: { companyId, updatedAt: sql`now()` } });
  }
}
