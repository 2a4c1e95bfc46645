import { describe, expect, it } from 'vitest';
import { looksInteresting } from '../../src/channels/slack/file-intake.js';

// Which shared files the Slack channel claims (plans or a contacts list); others stay unclaimed,
// so nothing is done with a screenshot or a Word document posted in the same channel.
describe('which shared Slack files are claimed', () => {
  it('claims plans (PDF, ZIP, Outlook item) and contacts lists by what Slack says of them', () => {
    expect(looksInteresting({ filetype: 'pdf', name: 'A101 floor plan.pdf' })).toBe(true);
    expect(looksInteresting({ mimetype: 'application/zip', name: 'bid set' })).toBe(true);
    expect(looksInteresting({ name: 'Fwd bid invite.msg' })).toBe(true);
    expect(looksInteresting({ filetype: 'csv', name: 'subs.csv' })).toBe(true);
    expect(looksInteresting({ mimetype: 'text/vcard', name: 'card' })).toBe(true);
  });

  it('leaves images and office documents alone, and asks Slack about a file it knows nothing of yet', () => {
    expect(looksInteresting({ filetype: 'png', mimetype: 'image/png', name: 'site photo.png' })).toBe(false);
    expect(looksInteresting({ filetype: 'docx', name: 'scope letter.docx' })).toBe(false);
    expect(looksInteresting({ id: 'F1' })).toBe(true);
  });
});
