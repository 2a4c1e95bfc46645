/**
 * A structural Block Kit checker for tests: the block/element types we use, their required fields,
 * and Slack's documented limits (docs.slack.dev/reference/block-kit). Returns a list of problems
 * (empty = valid) so a failing test says exactly what is wrong.
 */
import { SlackText } from '../../src/channels/slack/mrkdwn.js';
type J = Record<string, unknown>;

const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const len = (s: unknown) => (typeof s === 'string' ? [...s].length : -1);

function text(p: string[], where: string, t: unknown, max: number, kind?: 'plain_text' | 'mrkdwn'): void {
  if (!isObj(t)) return void p.push(`${where}: text object missing`);
  if (t.type !== 'plain_text' && t.type !== 'mrkdwn') p.push(`${where}: text type ${String(t.type)}`);
  if (kind && t.type !== kind) p.push(`${where}: must be ${kind}`);
  const n = len(t.text);
  if (n < 1) p.push(`${where}: empty text`);
  if (n > max) p.push(`${where}: text ${n} > ${max} chars`);
}

function option(p: string[], where: string, o: unknown): void {
  if (!isObj(o)) return void p.push(`${where}: option not an object`);
  text(p, `${where}.text`, o.text, 75);
  if (typeof o.value !== 'string' || len(o.value) < 1 || len(o.value) > 150) p.push(`${where}.value: length ${len(o.value)} not in 1..150`);
  if (o.description !== undefined) text(p, `${where}.description`, o.description, 75, 'plain_text');
}

function confirm(p: string[], where: string, c: unknown): void {
  if (!isObj(c)) return void p.push(`${where}: confirm not an object`);
  text(p, `${where}.title`, c.title, 100, 'plain_text');
  text(p, `${where}.text`, c.text, 300);
  text(p, `${where}.confirm`, c.confirm, 30, 'plain_text');
  text(p, `${where}.deny`, c.deny, 30, 'plain_text');
  if (c.style !== undefined && c.style !== 'primary' && c.style !== 'danger') p.push(`${where}.style ${String(c.style)}`);
}

function element(p: string[], where: string, e: unknown, actionIds: Set<string>): void {
  if (!isObj(e)) return void p.push(`${where}: element not an object`);
  if (e.action_id !== undefined) {
    if (len(e.action_id) < 1 || len(e.action_id) > 255) p.push(`${where}.action_id length`);
    if (actionIds.has(e.action_id as string)) p.push(`${where}: duplicate action_id ${String(e.action_id)}`);
    actionIds.add(e.action_id as string);
  }
  if (e.placeholder !== undefined) text(p, `${where}.placeholder`, e.placeholder, 150, 'plain_text');
  if (e.confirm !== undefined) confirm(p, `${where}.confirm`, e.confirm);
  switch (e.type) {
    case 'button':
      text(p, `${where}.text`, e.text, 75, 'plain_text');
      if (e.value !== undefined && len(e.value) > 2000) p.push(`${where}.value > 2000`);
      if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') p.push(`${where}.style ${String(e.style)}`);
      break;
    case 'static_select':
    case 'multi_static_select': {
      const opts = e.options;
      if (!Array.isArray(opts) || opts.length < 1 || opts.length > 100) p.push(`${where}.options: ${Array.isArray(opts) ? opts.length : 'missing'} not in 1..100`);
      (Array.isArray(opts) ? opts : []).forEach((o, i) => option(p, `${where}.options[${i}]`, o));
      const init = e.type === 'static_select' ? (e.initial_option ? [e.initial_option] : []) : ((e.initial_options as unknown[] | undefined) ?? []);
      if (e.initial_options !== undefined && (!Array.isArray(e.initial_options) || e.initial_options.length === 0)) p.push(`${where}.initial_options must be a non-empty array when present`);
      for (const io of init) {
        if (!(Array.isArray(opts) ? opts : []).some((o) => JSON.stringify(o) === JSON.stringify(io))) p.push(`${where}: initial option ${JSON.stringify(io)} is not exactly one of the options`);
      }
      if (!e.placeholder && e.type === 'multi_static_select') p.push(`${where}: placeholder missing`);
      break;
    }
    case 'external_select':
    case 'multi_external_select':
      ((e.initial_options as unknown[] | undefined) ?? []).forEach((o, i) => option(p, `${where}.initial_options[${i}]`, o));
      break;
    case 'overflow': {
      const opts = e.options;
      if (!Array.isArray(opts) || opts.length < 1 || opts.length > 5) p.push(`${where}.options: overflow needs 1..5 options`);
      (Array.isArray(opts) ? opts : []).forEach((o, i) => option(p, `${where}.options[${i}]`, o));
      break;
    }
    case 'plain_text_input':
    case 'email_text_input':
      if (e.max_length !== undefined && (typeof e.max_length !== 'number' || e.max_length > 3000)) p.push(`${where}.max_length`);
      break;
    case 'plain_text':
    case 'mrkdwn':
      text(p, where, e, 3000);
      break;
    default:
      p.push(`${where}: element type ${String(e.type)} not checked/allowed`);
  }
}

function blocks(p: string[], where: string, bs: unknown, max: number, surface: 'message' | 'modal'): void {
  if (!Array.isArray(bs)) return void p.push(`${where}: blocks not an array`);
  if (bs.length > max) p.push(`${where}: ${bs.length} blocks > ${max}`);
  const blockIds = new Set<string>();
  bs.forEach((b, i) => {
    const w = `${where}[${i}]`;
    // action_id must be unique among the action_ids in its containing block (Slack's rule).
    const actionIds = new Set<string>();
    if (!isObj(b)) return void p.push(`${w}: not an object`);
    if (b.block_id !== undefined) {
      if (len(b.block_id) < 1 || len(b.block_id) > 255) p.push(`${w}.block_id length ${len(b.block_id)}`);
      if (blockIds.has(b.block_id as string)) p.push(`${w}: duplicate block_id ${String(b.block_id)}`);
      blockIds.add(b.block_id as string);
    }
    switch (b.type) {
      case 'header':
        text(p, `${w}.text`, b.text, 150, 'plain_text');
        break;
      case 'section':
        if (b.text === undefined && b.fields === undefined) p.push(`${w}: section needs text or fields`);
        if (b.text !== undefined) text(p, `${w}.text`, b.text, 3000);
        if (b.accessory !== undefined) element(p, `${w}.accessory`, b.accessory, actionIds);
        break;
      case 'context': {
        const els = b.elements;
        if (!Array.isArray(els) || els.length < 1 || els.length > 10) p.push(`${w}.elements: 1..10`);
        (Array.isArray(els) ? els : []).forEach((e, j) => text(p, `${w}.elements[${j}]`, e, 3000));
        break;
      }
      case 'actions': {
        const els = b.elements;
        if (!Array.isArray(els) || els.length < 1 || els.length > 25) p.push(`${w}.elements: 1..25`);
        (Array.isArray(els) ? els : []).forEach((e, j) => element(p, `${w}.elements[${j}]`, e, actionIds));
        break;
      }
      case 'divider':
        break;
      case 'input':
        if (surface !== 'modal') p.push(`${w}: input blocks only in modals here`);
        text(p, `${w}.label`, b.label, 2000, 'plain_text');
        element(p, `${w}.element`, b.element, actionIds);
        break;
      default:
        p.push(`${w}: block type ${String(b.type)} not allowed`);
    }
  });
}

export function checkMessage(msg: { text?: unknown; blocks?: unknown }): string[] {
  const p: string[] = [];
  const text = msg.text instanceof SlackText ? msg.text.value : msg.text;
  if (typeof text !== 'string' || len(text) < 1) p.push('message: fallback text missing');
  else if (len(text) > 40000) p.push('message: text > 40000');
  blocks(p, 'blocks', msg.blocks, 50, 'message');
  return p;
}

export function checkModal(view: unknown): string[] {
  const p: string[] = [];
  if (!isObj(view)) return ['view: not an object'];
  if (view.type !== 'modal') p.push('view.type must be modal');
  text(p, 'view.title', view.title, 24, 'plain_text');
  if (view.submit !== undefined) text(p, 'view.submit', view.submit, 24, 'plain_text');
  if (view.close !== undefined) text(p, 'view.close', view.close, 24, 'plain_text');
  if (view.private_metadata !== undefined && len(view.private_metadata) > 3000) p.push('view.private_metadata > 3000');
  if (view.callback_id !== undefined && len(view.callback_id) > 255) p.push('view.callback_id > 255');
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
  if (hasInput && view.submit === undefined) p.push('view: input blocks need a submit button');
  blocks(p, 'view.blocks', view.blocks, 100, 'modal');
  return p;
}
