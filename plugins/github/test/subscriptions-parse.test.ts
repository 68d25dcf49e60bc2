import { expect } from 'chai';
import { checkAllowed, parseAddArguments, splitWords } from '../src/subscriptions/subscription-request.ts';
import { DEFAULT_FEATURES, labelOf, parseFeatures, parseRepository } from '../src/subscriptions/subscription.ts';

describe('github subscriptions: parsing', () => {
  it('defaults to Mattermost’s features pulls, issues, creates, deletes', () => {
    expect(parseAddArguments(['Octo-Org/Hello.World'])).to.deep.equal({ repository: 'octo-org/hello.world', features: DEFAULT_FEATURES, exclude_org_member: false, render_style: 'default', exclude: [] });
    expect(DEFAULT_FEATURES).to.deep.equal(['pulls', 'issues', 'creates', 'deletes']);
  });

  it('reads every flag, with or without a value for --exclude-org-member', () => {
    expect(parseAddArguments(splitWords('octo --features pushes,issues,label:"needs review" --exclude-org-member --render-style collapsed --exclude a,octo/b'))).to.deep.equal({
      repository: 'octo',
      features: ['pushes', 'issues', 'label:"needs review"'],
      exclude_org_member: true,
      render_style: 'collapsed',
      exclude: ['octo/a', 'octo/b'],
    });
    expect(parseAddArguments(['octo', '--exclude-org-member', 'false']).exclude_org_member).to.equal(false);
    expect(parseAddArguments(['octo', '--exclude-org-member', 'true', '--features', 'stars']).features).to.deep.equal(['stars']);
  });

  it('accepts a repository URL and refuses what is not an owner or repository', () => {
    expect(parseRepository('https://github.com/Octo/Repo.git')).to.equal('octo/repo');
    expect(parseRepository('octo/')).to.equal('octo');
    for (const bad of ['', 'a/b/c', '-bad', 'owner/re po', 'x'.repeat(40)]) expect(() => parseRepository(bad), bad).to.throw(/not a GitHub owner or repository/);
  });

  it('refuses unknown features, conflicting pairs, two labels and a label without pulls or issues', () => {
    expect(() => parseFeatures('pulls,bogus')).to.throw(/Unknown feature\(s\): bogus/);
    expect(() => parseFeatures('pulls,pulls_merged')).to.throw(/pulls and pulls_merged cannot be combined/);
    expect(() => parseFeatures('issues,issue_creations')).to.throw(/cannot be combined/);
    expect(() => parseFeatures('pulls,label:"a",label:"b"')).to.throw(/Only one label/);
    expect(() => parseFeatures('pushes,label:"bug"')).to.throw(/needs pulls, issues or issue_creations/);
    expect(() => parseFeatures(' , ')).to.throw(/at least one feature/);
    expect(() => parseFeatures('pulls,label:bug')).to.throw(/Unknown feature/);
  });

  it('keeps commas inside a label’s quotes and finds the label', () => {
    const features = parseFeatures('issues,label:"a, b"');
    expect(features).to.deep.equal(['issues', 'label:"a, b"']);
    expect(labelOf(features)).to.equal('a, b');
    expect(labelOf(['pulls'])).to.equal('');
  });

  it('refuses unknown flags, flags without values and a missing repository', () => {
    expect(() => parseAddArguments(['octo', '--feature', 'pulls'])).to.throw(/Unknown flag `--feature`/);
    expect(() => parseAddArguments(['octo', '--features'])).to.throw(/--features needs a value/);
    expect(() => parseAddArguments(['octo', '--render-style', 'fancy'])).to.throw(/Unknown render style `fancy`/);
    expect(() => parseAddArguments(['--features', 'pulls'])).to.throw(/Name the repository or owner first/);
    expect(() => parseAddArguments(['octo', '--exclude', 'other/x'])).to.throw(/--exclude names repositories of octo/);
  });

  it('applies GithubOrg, and the flags’ own rules', () => {
    expect(() => checkAllowed(parseAddArguments(['evil/repo']), 'octo, Acme')).to.throw(/only subscribes to the organization\(s\) octo, acme/);
    expect(() => checkAllowed(parseAddArguments(['ACME/repo']), 'octo, Acme')).not.to.throw();
    expect(() => checkAllowed(parseAddArguments(['octo', '--exclude-org-member']), '')).to.throw(/needs the plugin locked to an organization/);
    expect(() => checkAllowed(parseAddArguments(['octo', '--exclude-org-member']), 'octo')).not.to.throw();
    expect(() => checkAllowed({ ...parseAddArguments(['octo/r']), exclude: ['octo/x'] }, '')).to.throw(/--exclude only applies/);
  });
});
