import { expect } from 'chai';
import type { DialogElement } from '@mattermost/types/integrations';
import { fieldError, fieldErrors, initialValues, submissionOf } from '../../core/webapp/src/message/dialog-values.ts';

function element(fields: Partial<DialogElement> & Pick<DialogElement, 'name' | 'type'>): DialogElement {
  return { display_name: fields.name, subtype: '', default: '', placeholder: '', help_text: '', optional: false, min_length: 0, max_length: 0, data_source: '', options: [], ...fields };
}

describe('interactive dialog values', () => {
  it('starts from each element\'s default, a bool\'s "true" as true', async () => {
    const values = initialValues([element({ name: 'a', type: 'text', default: 'x' }), element({ name: 'b', type: 'bool', default: 'TRUE' }), element({ name: 'c', type: 'bool', default: '' })]);
    expect(values).to.deep.equal({ a: 'x', b: true, c: false });
  });

  it('requires a value in a field that is not optional, and a tick in a required bool', async () => {
    expect(fieldError(element({ name: 'a', type: 'text' }), '  ')).to.equal('This field is required.');
    expect(fieldError(element({ name: 'a', type: 'select' }), '')).to.equal('This field is required.');
    expect(fieldError(element({ name: 'a', type: 'bool' }), false)).to.equal('This box must be ticked.');
    expect(fieldError(element({ name: 'a', type: 'text', optional: true, subtype: 'email' }), '')).to.equal(undefined);
    expect(fieldError(element({ name: 'a', type: 'bool', optional: true }), false)).to.equal(undefined);
  });

  it('checks length, email, number and URL of text fields', async () => {
    expect(fieldError(element({ name: 'a', type: 'textarea', min_length: 3 }), 'ab')).to.equal('Enter at least 3 characters.');
    expect(fieldError(element({ name: 'a', type: 'text', max_length: 2 }), 'abc')).to.equal('Enter at most 2 characters.');
    expect(fieldError(element({ name: 'a', type: 'text', subtype: 'email' }), 'jo.example.com')).to.match(/email address/);
    expect(fieldError(element({ name: 'a', type: 'text', subtype: 'number' }), '12a')).to.equal('Enter a number.');
    expect(fieldError(element({ name: 'a', type: 'text', subtype: 'url' }), 'javascript:alert(1)')).to.match(/http/);
    expect(fieldError(element({ name: 'a', type: 'text', subtype: 'number' }), '-1.5')).to.equal(undefined);
  });

  it('lists only the fields with an error', async () => {
    const elements = [element({ name: 'a', type: 'text' }), element({ name: 'b', type: 'text', optional: true })];
    expect(fieldErrors(elements, { a: '', b: '' })).to.deep.equal({ a: 'This field is required.' });
  });

  it('sends numbers as numbers, bools as bools and empty fields as null', async () => {
    const elements = [element({ name: 'n', type: 'text', subtype: 'number' }), element({ name: 'b', type: 'bool' }), element({ name: 'e', type: 'text', optional: true }), element({ name: 's', type: 'radio' })];
    expect(submissionOf(elements, { n: '42', b: true, e: '', s: 'x' })).to.deep.equal({ n: 42, b: true, e: null, s: 'x' });
  });
});
