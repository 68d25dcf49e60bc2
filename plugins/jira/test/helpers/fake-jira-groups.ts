// The fake Jira's `/rest/api/2/myself?expand=groups`: the caller with their groups, as Jira answers
// when asked to expand them (`groups: {size, items: [{name, self}]}`).
import type { FakeJira } from './fake-jira.ts';

export function installGroupRoutes(fake: FakeJira): void {
  fake.route('GET', /^\/rest\/api\/[23]\/myself$/, (request) => {
    const user = request.user!;
    const expanded = (request.query.get('expand') ?? '').split(',').includes('groups');
    const groups = { size: user.groups.length, items: user.groups.map((name) => ({ name, self: `${fake.url}/rest/api/2/group?groupname=${encodeURIComponent(name)}` })) };
    return { status: 200, body: { ...fake.userJson(user), ...(expanded ? { groups } : {}) } };
  });
}
