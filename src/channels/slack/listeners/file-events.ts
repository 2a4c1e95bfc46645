import type { App as BoltApp, types } from '@slack/bolt';
import { findPlanLinks } from '../../../core/documents/index.js';
import { isContactsFile } from '../contacts-import.js';
import { looksInteresting, type FileIntake } from '../file-intake.js';
import type { SlackFile } from '../slack-api.js';
import { teamOf, type ListenerDeps } from './context.js';

const FILE_SHARED_GRACE_MS = 3000;

/**
 * Events: a file shared (`file_shared`, one file) and a message with files (`message` of subtype
 * `file_share`, every file of the message). Our own uploads and bots' are not plans.
 */
export function registerFileEvents(bolt: BoltApp, deps: ListenerDeps, intake: FileIntake, graceMs = FILE_SHARED_GRACE_MS): void {
  bolt.event('file_shared', async ({ event, body, context }) => {
    const fileId = String(event.file_id ?? event.file?.id ?? '');
    if (!fileId || !event.user_id || event.user_id === context.botUserId) return; // our own uploads are not plans
    // The message event names every file of a message (one package); file_shared, which names one,
    // waits a moment so that event claims them first, and takes only a file nobody claimed.
    const later = new Promise<void>((resolve) => setTimeout(resolve, graceMs));
    deps.track('file_shared', later.then(() => intake.onFile(teamOf(body, context), String(event.user_id), fileId, event.channel_id ? String(event.channel_id) : null, null)));
  });

  bolt.event('message', async ({ event, body, context }) => {
    if (event.subtype !== 'file_share' || !Array.isArray(event.files) || !event.user || ('bot_id' in event && event.bot_id) || event.user === context.botUserId) return;
    const teamId = teamOf(body, context);
    const text = typeof event.text === 'string' ? event.text : '';
    const files = event.files.map(slackFileOf);
    const planFiles = files.filter((f) => f.id && looksInteresting(f) && !isContactsFile(f));
    const threadTs = String(event.thread_ts ?? event.ts);
    if (planFiles.length > 1 || (planFiles.length === 1 && findPlanLinks(text).length > 0)) {
      deps.track('message/file_share', intake.onPackageMessage(teamId, String(event.user), String(event.channel), threadTs, planFiles, text));
      return;
    }
    for (const f of files) {
      if (!f.id) continue;
      // Progress goes in the file's thread: the share message itself (or the thread it was posted in).
      deps.track('message/file_share', intake.onFile(teamId, String(event.user), f.id, String(event.channel), threadTs, f));
    }
  });
}

type MessageFile = NonNullable<types.FileShareMessageEvent['files']>[number];

/** The fields of a message's file the intake reads (Slack sends null for a name it does not know). */
function slackFileOf(f: MessageFile): SlackFile {
  return {
    id: f.id,
    name: f.name ?? undefined,
    title: f.title ?? undefined,
    mimetype: f.mimetype,
    filetype: f.filetype,
    size: f.size,
    url_private: f.url_private,
    url_private_download: f.url_private_download,
    user: f.user,
  };
}
