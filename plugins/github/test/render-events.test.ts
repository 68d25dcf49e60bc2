import { expect } from 'chai';
import examples from '@octokit/webhooks-examples' with { type: 'json' };
import { defuseMentions, linkText, MAX_BODY_CHARS, quoteBody } from '../src/render/markdown.ts';
import { renderEvent } from '../src/render/render-event.ts';
import { isSkipped, messageFor, type Rendered } from '../src/render/rendering.ts';

type Payload = Record<string, unknown>;
const definitions = examples as unknown as Array<{ name: string; examples: Payload[] }>;
const example = (event: string, match: (payload: Payload) => boolean): Payload => {
  const found = definitions.find((d) => d.name === event)?.examples.find(match);
  if (!found) throw new Error(`no ${event} example matches`);
  return found;
};
const OPTIONS = { showCommitAuthor: false };
const render = (event: string, payload: Payload, options = OPTIONS): Rendered => {
  const result = renderEvent(event, payload, options);
  if (isSkipped(result)) throw new Error(`skipped: ${result.skip}`);
  return result;
};

describe('github rendering', () => {
  it('renders an opened pull request with its repository, link, author, branches and body, and Mattermost’s props', () => {
    const payload = example('pull_request', (p) => p.action === 'opened' && !(p.pull_request as Payload).draft);
    const pr = payload.pull_request as Payload;
    const rendered = render('pull_request', payload);
    const repo = payload.repository as Payload;
    expect(rendered.headline).to.include(`[\\[${repo.full_name}\\]](${repo.html_url})`).and.include(`New pull request [#${pr.number} `).and.include(`](${pr.html_url})`);
    expect(rendered.details?.[0]).to.equal(`\`${(pr.head as Payload).ref}\` → \`${(pr.base as Payload).ref}\``);
    expect(rendered.props).to.deep.equal({ gh_repo: String(repo.full_name).toLowerCase(), gh_object_id: pr.number, gh_object_type: 'issue' });
  });

  it('says merged or closed for a closed pull request', () => {
    const closed = example('pull_request', (p) => p.action === 'closed');
    expect(render('pull_request', closed).headline).to.match(/was closed by \[/);
    expect(render('pull_request', { ...closed, pull_request: { ...(closed.pull_request as Payload), merged: true } }).headline).to.match(/was merged by \[/);
  });

  it('skips a label added within seconds of an issue’s opening, which the opening post shows', () => {
    const labeled = example('issues', (p) => p.action === 'labeled');
    const fresh = { ...labeled, issue: { ...(labeled.issue as Payload), created_at: new Date(Date.now() - 1000).toISOString() } };
    expect(renderEvent('issues', fresh, OPTIONS)).to.deep.equal({ skip: 'a label added as the issue was opened is shown by its opening post' });
    expect(render('issues', labeled).headline).to.match(/was labeled `/);
  });

  it('shapes a post by render style: collapsed is the headline, skip-body drops the body', () => {
    const rendered: Rendered = { headline: 'H', details: ['D'], body: '> B' };
    expect(messageFor(rendered, 'default')).to.equal('H\nD\n> B');
    expect(messageFor(rendered, 'skip-body')).to.equal('H\nD');
    expect(messageFor(rendered, 'collapsed')).to.equal('H');
  });

  it('lists pushed commits, with their authors only when ShowAuthorInCommitNotification is on', () => {
    const payload = example('push', (p) => Array.isArray(p.commits) && (p.commits as unknown[]).length > 0);
    const commit = (payload.commits as Payload[])[0];
    const plain = render('push', payload);
    expect(plain.headline).to.match(/pushed \d+ commits?\]/);
    expect(plain.details?.[0]).to.include(`[${String(commit.id).slice(0, 7)}](${commit.url})`).and.not.include(' — ');
    expect(render('push', payload, { showCommitAuthor: true }).details?.[0]).to.include(` — ${(commit.author as Payload).name}`);
    expect(renderEvent('push', { ...payload, commits: [] }, OPTIONS)).to.deep.equal({ skip: 'a push without commits is not posted' });
  });

  it('skips the actions that are not posted, naming the event and action', () => {
    expect(renderEvent('pull_request', { action: 'synchronize' }, OPTIONS)).to.deep.equal({ skip: 'pull_request action "synchronize" is not posted' });
    expect(renderEvent('issue_comment', { action: 'edited' }, OPTIONS)).to.deep.equal({ skip: 'issue_comment action "edited" is not posted' });
    expect(renderEvent('workflow_job', { action: 'queued' }, OPTIONS)).to.deep.equal({ skip: 'workflow_job action "queued" is not posted' });
    expect(renderEvent('create', { ref_type: 'repository' }, OPTIONS)).to.deep.equal({ skip: 'create of a repository is not posted' });
    expect(renderEvent('fork', {}, OPTIONS)).to.deep.equal({ skip: 'fork events are not posted to channels' });
  });

  it('renders reviews by their state, and workflow runs by their conclusion', () => {
    const review = example('pull_request_review', (p) => p.action === 'submitted');
    const state = String((review.review as Payload).state).toLowerCase();
    expect(render('pull_request_review', review).headline).to.include({ approved: 'approved', commented: 'reviewed', changes_requested: 'requested changes on' }[state]);
    const run = example('workflow_run', (p) => p.action === 'completed' && (p.workflow_run as Payload).conclusion === 'success');
    expect(render('workflow_run', run).headline).to.match(/Workflow \[.+\]\(.+\) succeeded on `/);
  });

  it('renders every handled example without throwing, as a post or a reason', () => {
    for (const definition of definitions) {
      for (const payload of definition.examples) {
        const result = renderEvent(definition.name, payload, OPTIONS);
        if (isSkipped(result)) expect(result.skip).to.be.a('string').and.not.equal('');
        else expect(messageFor(result, 'default').length).to.be.within(1, 16383);
      }
    }
  });

  it('defuses channel-wide mentions, drops HTML comments and cuts long bodies', () => {
    expect(defuseMentions('ping @channel and @ALL, not @alice')).to.equal('ping @\u200bchannel and @\u200bALL, not @alice');
    expect(quoteBody('<!-- template -->\r\nHello\nworld')).to.equal('> Hello\n> world');
    expect(quoteBody('x'.repeat(MAX_BODY_CHARS + 10))).to.have.length(MAX_BODY_CHARS + 3);
    expect(linkText('a [b] \\ c')).to.equal('a \\[b\\] \\\\ c');
  });
});
