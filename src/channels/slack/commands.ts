/** Parsing and help text for `/redbutton …` (pure, unit-tested). */

export type Command =
  | { kind: 'help' }
  | { kind: 'new'; name: string }
  | { kind: 'jobs' }
  | { kind: 'status'; jobId: string }
  | { kind: 'contacts_import' }
  | { kind: 'contacts_add'; email: string; trades: string; name?: string }
  | { kind: 'link'; email: string }
  | { kind: 'link_confirm'; code: string }
  | { kind: 'usage'; message: string };

export const HELP = [
  '*Red Button* — drop a plan-set PDF here (in a channel I am in, or in a DM with me) and I build a contacts map of the trades and the subcontractors to invite. Edit it in place, then press the red button.',
  '',
  '`/redbutton new <project name>` — name the next PDF you upload',
  '`/redbutton jobs` — your recent jobs',
  '`/redbutton status <job id>` — where a job is',
  '`/redbutton contacts import` — then upload your sub list (.xlsx, .csv, Outlook/Google export, .vcf); in a DM with me just drop the file',
  '`/redbutton contacts add <email> <trades> [company name]` — e.g. `/redbutton contacts add bids@sparky.com 26,27 Sparky Electric`',
  '`/redbutton link <email>` — link your Slack account to your Red Button account (a code is e-mailed to you)',
  '`/redbutton link confirm <code>` — finish linking',
].join('\n');

export function parseCommand(text: string): Command {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  const verb = (first ?? 'help').toLowerCase();
  switch (verb) {
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'new': {
      const name = rest.join(' ').trim();
      if (!name) return { kind: 'usage', message: 'Give the project a name: `/redbutton new Lilly Hall lab renovation`, then upload the PDF.' };
      return { kind: 'new', name: name.slice(0, 200) };
    }
    case 'jobs':
      return { kind: 'jobs' };
    case 'status': {
      const jobId = rest[0];
      if (!jobId) return { kind: 'usage', message: 'Which job? `/redbutton status <job id>` (see `/redbutton jobs`).' };
      return { kind: 'status', jobId };
    }
    case 'contacts': {
      const sub = (rest[0] ?? '').toLowerCase();
      if (sub === 'import') return { kind: 'contacts_import' };
      if (sub === 'add') {
        const [email, trades, ...name] = rest.slice(1);
        if (!email || !trades) return { kind: 'usage', message: 'Usage: `/redbutton contacts add <email> <trades> [company name]`, e.g. `/redbutton contacts add bids@sparky.com 26,27 Sparky Electric`.' };
        return { kind: 'contacts_add', email: unwrapMailto(email), trades, name: name.join(' ') || undefined };
      }
      return { kind: 'usage', message: 'Use `/redbutton contacts import` (then upload a CSV) or `/redbutton contacts add <email> <trades> [company name]`.' };
    }
    case 'link': {
      if ((rest[0] ?? '').toLowerCase() === 'confirm') {
        const code = rest[1];
        if (!code) return { kind: 'usage', message: 'Usage: `/redbutton link confirm <code>` with the code from the e-mail.' };
        return { kind: 'link_confirm', code };
      }
      const email = rest[0];
      if (!email) return { kind: 'usage', message: 'Usage: `/redbutton link you@company.com` — the e-mail of your Red Button account.' };
      return { kind: 'link', email: unwrapMailto(email) };
    }
    default:
      return { kind: 'usage', message: `I don't know "${first ?? ''}".\n\n${HELP}` };
  }
}

/** Slack may turn an address into `<mailto:a@b.c|a@b.c>`. */
export function unwrapMailto(s: string): string {
  const m = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/.exec(s);
  return m ? m[1]! : s;
}
