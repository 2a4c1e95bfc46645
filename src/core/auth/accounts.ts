import type { App } from '../../app.js';
import { AppError } from '../errors.js';
import { storageKeys } from '../storage/ref.js';

/**
 * Deleting an account: the user row goes first (every table naming the user cascades: jobs,
 * contacts, map history, e-mail logs, tokens, Slack links), then every stored file of theirs
 * (plans, page text, maps), so nothing is left that a restored link or a later bug could serve.
 */
export async function deleteAccount(app: Pick<App, 'repos' | 'storage'>, userId: string): Promise<void> {
  if (!(await app.repos.users.delete(userId))) throw new AppError('NOT_FOUND', `No user ${userId}`, { userMessage: 'That user does not exist (any more).' });
  try {
    await app.storage.deletePrefix(storageKeys.userRoot(userId));
  } catch (e) {
    throw new AppError('STORAGE_IO', `Files of deleted user ${userId} not removed`, {
      cause: e,
      userMessage: `The account was deleted, but its files under storage/${storageKeys.userRoot(userId)} could not be removed: delete that directory by hand.`,
    });
  }
}
