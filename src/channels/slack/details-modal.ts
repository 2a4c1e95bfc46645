import { describeMoment, sendBlocker, type DetailsPatch, type ProjectDetails } from '../../core/project/details.js';
import { ACTION, decodeRef, encodeRef, truncate, type Block, type ModalView } from './blocks.js';

/** The Slack modal for a job's project details (what the invitation says). */
export const DETAILS_VIEW = 'rb_details_view';
export const DETAILS_ACTION = { open: ACTION.details, preview: ACTION.preview } as const;

/** Fields in the modal: block id = action id = the patch key. */
const FIELDS: { key: keyof DetailsPatch; label: string; placeholder: string; multiline?: boolean }[] = [
  { key: 'bid_due', label: "Subs' bids due (date, time, zone)", placeholder: 'Dec 12 2pm CT' },
  { key: 'job_walk', label: 'Job walk / pre-bid meeting', placeholder: 'Dec 3 10am' },
  { key: 'rfi_deadline', label: 'RFI deadline', placeholder: 'Dec 8 5pm' },
  { key: 'name', label: 'Project name', placeholder: 'Elm Street Library' },
  { key: 'street_address', label: 'Street address', placeholder: '2300 Elm Street' },
  { key: 'city', label: 'City', placeholder: 'Anoka' },
  { key: 'state_or_province', label: 'State / province', placeholder: 'MN' },
  { key: 'zip_code', label: 'Zip / postal code', placeholder: '55303' },
  { key: 'message', label: 'Message to the subcontractors', placeholder: 'Alternates are listed in the bid form.', multiline: true },
  // The estimator's own follow-up: editable after the red button too.
  { key: 'bid_target', label: 'Bids wanted per trade', placeholder: '3' },
  { key: 'reminders', label: 'Remind subs (days before bids are due, or off)', placeholder: '3, 1' },
];

/** What each field shows now, as text a person can edit. */
export function shownDetails(d: ProjectDetails): Record<string, string> {
  const when = (m: { date: string; time: string | null } | null) => (m ? describeMoment(m, d.timeZone) : '');
  return {
    bid_due: when(d.bidDue),
    job_walk: when(d.jobWalk),
    rfi_deadline: when(d.rfiDeadline),
    name: d.name,
    street_address: d.streetAddress ?? '',
    city: d.city ?? '',
    state_or_province: d.stateOrProvince ?? '',
    zip_code: d.zipCode ?? '',
    message: d.message ?? '',
    bid_target: String(d.bidTarget),
    reminders: d.reminderDays.length ? d.reminderDays.join(', ') : 'off',
  };
}

export function detailsModal(jobId: string, version: number, d: ProjectDetails, channel?: string): ModalView {
  const shown = shownDetails(d);
  const blocker = sendBlocker(d);
  const notes = [
    ...(blocker ? [`:warning: ${blocker}`] : []),
    ...d.warnings.map((w) => `:warning: ${w}`),
    ...(d.hints.ownerBidDate ? [`The documents give the owner's bid date as ${d.hints.ownerBidDate}.`] : []),
  ];
  const blocks: Block[] = notes.length ? [{ type: 'section', text: { type: 'mrkdwn', text: truncate(notes.join('\n'), 3000) } }] : [];
  for (const f of FIELDS) {
    blocks.push({
      type: 'input',
      block_id: f.key,
      optional: f.key !== 'name',
      label: { type: 'plain_text', text: f.label },
      element: {
        type: 'plain_text_input',
        action_id: f.key,
        max_length: f.multiline ? 2000 : 200,
        ...(f.multiline ? { multiline: true } : {}),
        ...(shown[f.key] ? { initial_value: shown[f.key] } : {}),
        placeholder: { type: 'plain_text', text: f.placeholder },
      },
    });
  }
  return {
    type: 'modal',
    callback_id: DETAILS_VIEW,
    title: { type: 'plain_text', text: 'Project details' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ ref: encodeRef({ jobId, version }), channel }),
    blocks,
  };
}

export function parseDetailsMetadata(s: string | undefined): { jobId: string; channel?: string } | null {
  try {
    const v = JSON.parse(s ?? '') as { ref?: string; channel?: unknown };
    const ref = decodeRef(v.ref);
    return ref ? { jobId: ref.jobId, channel: typeof v.channel === 'string' ? v.channel : undefined } : null;
  } catch (_e) {
    return null; // not ours or tampered: the handler answers in the modal
  }
}

/** Only what the person changed: a date shown as "Friday, December 12 …" is not re-read unless edited. */
export function detailsPatchFromModal(values: Record<string, Record<string, { value?: string | null }>>, before: ProjectDetails): DetailsPatch {
  const shown = shownDetails(before);
  const patch: Record<string, string | null> = {};
  for (const f of FIELDS) {
    const value = (values[f.key]?.[f.key]?.value ?? '').trim();
    if (value === (shown[f.key] ?? '').trim()) continue;
    patch[f.key] = value === '' && f.key !== 'name' ? null : value;
  }
  return patch as DetailsPatch;
}
