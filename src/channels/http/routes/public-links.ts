import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isAppError } from '../../../core/errors.js';
import { parseRef } from '../../../core/storage/index.js';
import { BID_ANSWERS, verifyPlansToken, verifyRespondToken } from '../../../core/outreach/links.js';
import { unsubscribe, unsubscribeInviter, type Inviter } from '../../../core/outreach/unsubscribe.js';
import { recordBidResponse } from '../../../core/outreach/respond.js';
import { afterAnswer } from '../../../core/outreach/answer-notices.js';
import type { HttpContext } from '../context.js';
import { landingFacts, type LandingFacts } from '../../../core/outreach/compose.js';
import { HTML_HEADERS, html, messagePage, page, type Html } from '../html.js';

const tokenParams = z.object({ token: z.string().min(1).max(1100) });

/** A public page's answer to a bad or expired link, or to our own failure. */
export function sendLinkError(reply: FastifyReply, e: unknown): FastifyReply {
  if (isAppError(e) && (e.code === 'LINK_INVALID' || e.code === 'LINK_EXPIRED' || e.code === 'NOT_FOUND')) {
    const p = messagePage(e.code === 'LINK_EXPIRED' ? 'Link expired' : 'Link not valid', e.userMessage, 'warn', e.code === 'LINK_EXPIRED' ? 410 : 404);
    return reply.code(p.status).headers(HTML_HEADERS).send(p.html);
  }
  reply.request.log.error({ err: e }, 'public link failed');
  const p = messagePage('Something went wrong', 'Something went wrong on our side. Try the link again in a few minutes.', 'err', 500);
  return reply.code(500).headers(HTML_HEADERS).send(p.html);
}

/** The invitation a landing page is about: who invites, the project, the trades, when bids are due. */
function aboutInvitation(f: LandingFacts | undefined): Html {
  if (!f) return html``;
  return html`<p class="muted">${f.company ? `${f.company} · ` : ''}invitation to bid</p><h1>${f.projectName}</h1>
<p>${f.trades.length ? html`${f.trades.join(', ')}<br>` : ''}${f.bidDue ? html`<strong>Bids due ${f.bidDue}</strong><br>` : ''}<span class="muted">From ${f.estimator}</span></p>`;
}

/** The contractor an unsubscribe page names (plain text: the page template escapes it). */
function fromWhom(inviter: Inviter | null): { company: string | null; text: string } {
  if (!inviter) return { company: null, text: 'this contractor' };
  return { company: inviter.company, text: inviter.sender };
}

/** A file name safe for Content-Disposition (ASCII fallback + RFC 5987 UTF-8). */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'plans.pdf';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Links in invitations, opened by subcontractors (no account): download the plans, unsubscribe
 * (RFC 8058: GET shows a page with a button, POST is the one-click unsubscribe a mail client sends).
 */
export function registerPublicLinkRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const r = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;

  r.get('/plans/:token', { schema: { tags: ['links'], security: [], summary: "Download a job's plan set (signed, expiring link from an invitation); a package of several documents lists them, `?doc=N` downloads one", params: tokenParams, querystring: z.object({ doc: z.coerce.number().int().min(1).max(10_000).optional() }) } }, async (req, reply) => {
    try {
      const claims = verifyPlansToken(app.secret, req.params.token);
      const job = await app.repos.jobs.getInternal(claims.jobId);
      if (!job?.pdfRef) {
        const p = messagePage('Plans not available', 'These plans are no longer available. Reply to the invitation e-mail to ask the estimator for them.', 'warn', 404);
        return reply.code(404).headers(HTML_HEADERS).send(p.html);
      }
      // An addendum notice's link serves that addendum's PDF; every other link the job's plans.
      const addendum = claims.emailId ? await app.addenda.plansOf(job.jobId, claims.emailId) : undefined;
      // A bid package of several documents: the link lists them, each downloaded on its own.
      const packageDocs = addendum ? [] : await app.repos.documents.listForJob(job.jobId, 1);
      if (packageDocs.length > 1 && req.query.doc === undefined) {
        const items = packageDocs.map(
          (d) => html`<li><a href="?doc=${String(d.position)}">${d.fileName}</a>${d.pageCount ? html` <span class="muted">· ${String(d.pageCount)} pages</span>` : ''}</li>`,
        );
        const p = page('Plans', html`<h1>Plans</h1><p>This bid package has ${String(packageDocs.length)} documents:</p><ul>${items}</ul>`);
        return reply.code(200).headers({ ...HTML_HEADERS, 'cache-control': 'private, no-store' }).send(p.html);
      }
      const chosen = req.query.doc === undefined ? undefined : packageDocs.find((d) => d.position === req.query.doc);
      if (req.query.doc !== undefined && !chosen) {
        const p = messagePage('Document not found', 'This bid package has no such document. Open the plans link from the invitation again to see the list.', 'warn', 404);
        return reply.code(404).headers(HTML_HEADERS).send(p.html);
      }
      const path = await app.storage.localPath(parseRef(addendum ? addendum.pdfRef : (chosen?.pdfRef ?? job.pdfRef)));
      // Coverage counts who opened the plans: each download through an invitation's own link.
      const invitation = claims.emailId ? await app.repos.coverage.invitationOfJob(job.jobId, claims.emailId) : undefined;
      await app.repos.coverage.recordDownload(job.jobId, invitation?.emailId ?? null);
      req.log.info({ jobId: job.jobId, emailId: claims.emailId, addendum: addendum !== undefined }, 'plans downloaded');
      return reply
        .code(200)
        .type('application/pdf')
        .header('content-disposition', contentDisposition(addendum?.fileName ?? chosen?.fileName ?? job.pdfFileName ?? 'plans.pdf'))
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(createReadStream(path));
    } catch (e) {
      return sendLinkError(reply, e);
    }
  });

  r.get('/unsubscribe/:token', { schema: { tags: ['links'], security: [], summary: 'Unsubscribe page (asks to confirm)', params: tokenParams } }, async (req, reply) => {
    try {
      const from = fromWhom(await unsubscribeInviter(app, req.params.token));
      const p = page(
        'Unsubscribe',
        html`<h1>Stop bid invitations${from.company ? html` from ${from.company}` : ''}?</h1>
<div class="card"><p>Press the button to stop receiving bid invitations from ${from.text} through Red Button.</p>
<form method="post" action="/unsubscribe/${req.params.token}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form></div>`,
      );
      return reply.code(200).headers(HTML_HEADERS).send(p.html);
    } catch (e) {
      return sendLinkError(reply, e);
    }
  });

  r.post('/unsubscribe/:token', { schema: { tags: ['links'], security: [], summary: 'RFC 8058 one-click unsubscribe', params: tokenParams } }, async (req, reply) => {
    try {
      const res = await unsubscribe(app, req.params.token);
      const who = res.email ? `${res.email} will` : 'You will';
      const p = messagePage('Unsubscribed', `${who} not receive further bid invitations from ${fromWhom(res.inviter).text} through Red Button.`, 'ok');
      return reply.code(200).headers(HTML_HEADERS).send(p.html);
    } catch (e) {
      return sendLinkError(reply, e);
    }
  });

  /*
   * "Will bid / won't bid" from an invitation. GET only shows the answer with a button: mail
   * security scanners open links in e-mails, so an answer is recorded on POST only.
   */
  r.get(
    '/respond/:token',
    {
      schema: {
        tags: ['links'],
        security: [],
        summary: "Will bid / won't bid: confirmation page (signed link from an invitation)",
        params: tokenParams,
        querystring: z.object({ answer: z.enum(BID_ANSWERS) }),
      },
    },
    async (req, reply) => {
      try {
        const claims = verifyRespondToken(app.secret, req.params.token);
        const job = await app.repos.jobs.getInternal(claims.jobId);
        if (!job) {
          const p = messagePage('Project not found', 'This project is no longer in Red Button. Reply to the invitation e-mail instead.', 'warn', 404);
          return reply.code(404).headers(HTML_HEADERS).send(p.html);
        }
        const bid = req.query.answer === 'bid';
        const about = await landingFacts(app, job.jobId, claims.emailId);
        const p = page(
          bid ? 'Bidding' : 'Not bidding',
          html`${aboutInvitation(about)}
<div class="card"><p>${bid ? 'Tell the estimator you plan to bid on this project?' : 'Tell the estimator you will not bid on this project?'}</p>
<form method="post" action="/respond/${req.params.token}"><input type="hidden" name="answer" value="${req.query.answer}">
<label for="note">A note for the estimator (optional)</label>
<textarea id="note" name="note" maxlength="1000" rows="3"></textarea>
<button type="submit" class="red">${bid ? 'Yes, we are bidding' : 'We are not bidding'}</button></form>
<p class="muted">You can change your answer later from the same e-mail.</p></div>`,
        );
        return reply.code(200).headers(HTML_HEADERS).send(p.html);
      } catch (e) {
        return sendLinkError(reply, e);
      }
    },
  );

  r.post(
    '/respond/:token',
    {
      schema: {
        tags: ['links'],
        security: [],
        summary: "Record will bid / won't bid for the invitation the link came from",
        params: tokenParams,
        body: z.object({ answer: z.enum(BID_ANSWERS), note: z.string().max(1000).optional() }),
      },
    },
    async (req, reply) => {
      try {
        const res = await recordBidResponse(app, req.params.token, req.body.answer, req.body.note ?? null);
        req.log.info({ jobId: res.jobId, emailId: res.emailId, answer: res.answer }, 'bid response recorded');
        // The coverage board follows at once; the estimator's message is batched (15 minutes).
        await afterAnswer(app, res.jobId);
        const bid = res.answer === 'BID';
        const about = await landingFacts(app, res.jobId, res.emailId);
        const p = page(
          bid ? 'Bidding' : 'Not bidding',
          html`${aboutInvitation(about)}<div class="banner ok">${bid ? 'Thanks — the estimator now sees that you plan to bid on' : 'Thanks — the estimator now sees that you will not bid on'} ${res.jobName}. Questions go to ${res.ownerEmail}.</div>`,
        );
        return reply.code(200).headers(HTML_HEADERS).send(p.html);
      } catch (e) {
        return sendLinkError(reply, e);
      }
    },
  );
}
