import { expect } from 'chai';
import { pageOf, readPage } from '../src/paging.ts';

describe('webhooks paging', () => {
  it("reads page and per_page with Mattermost's defaults and cap", () => {
    expect(readPage({})).to.deep.equal({ page: 0, perPage: 60 });
    expect(readPage({ page: '2', per_page: '5' })).to.deep.equal({ page: 2, perPage: 5 });
    expect(readPage({ per_page: '1000' })).to.deep.equal({ page: 0, perPage: 200 });
  });

  it('takes a value that is not a whole number as absent', () => {
    expect(readPage({ page: '-1', per_page: '1.5' })).to.deep.equal({ page: 0, perPage: 60 });
    expect(readPage({ page: 'x', per_page: '' })).to.deep.equal({ page: 0, perPage: 60 });
  });

  it('cuts out the asked page, empty beyond the end', () => {
    const items = [1, 2, 3, 4, 5];
    expect(pageOf(items, { page: 1, perPage: 2 })).to.deep.equal([3, 4]);
    expect(pageOf(items, { page: 3, perPage: 2 })).to.deep.equal([]);
  });
});
