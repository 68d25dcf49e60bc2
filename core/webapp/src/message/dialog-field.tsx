// One element of an interactive dialog as a labelled form control, with its help text and its
// error (from the dialog's own checks or from the integration) tied to it for screen readers.
import { useId } from 'react';
import type { DialogElement } from '@mattermost/types/integrations';
import type { MessageContext } from './message-context.ts';
import type { DialogValue } from './dialog-values.ts';
import { isDataSource, SearchSelect } from './search-select.tsx';

const TEXT_SUBTYPES = new Set(['text', 'email', 'number', 'password', 'tel', 'url']);

export interface DialogFieldProps {
  element: DialogElement;
  value: DialogValue | undefined;
  error: string | undefined;
  context: MessageContext;
  disabled: boolean;
  onChange(value: DialogValue): void;
}

export function DialogField({ element, value, error, context, disabled, onChange }: DialogFieldProps) {
  const id = useId();
  const controlId = `${id}-control`;
  const helpId = element.help_text ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, helpId].filter(Boolean).join(' ') || undefined;
  const text = typeof value === 'string' ? value : '';
  const common = {
    id: controlId,
    name: element.name,
    disabled,
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
    'aria-required': element.optional ? undefined : true,
    // The dialog focuses the first field with an error after a check; this finds it.
    'data-dialog-field': element.name,
  };
  const label = (
    <>
      {element.display_name}
      {element.optional ? <span className="optional"> (optional)</span> : <span aria-hidden="true" className="required"> *</span>}
    </>
  );

  let control;
  if (element.type === 'textarea') {
    control = <textarea {...common} rows={4} placeholder={element.placeholder || undefined} maxLength={element.max_length > 0 ? element.max_length : undefined} value={text} onChange={(event) => onChange(event.target.value)} />;
  } else if (element.type === 'select' && isDataSource(element.data_source)) {
    control = <SearchSelect id={controlId} label={element.display_name} dataSource={element.data_source} context={context} value={text} disabled={disabled} placeholder={element.placeholder} describedBy={describedBy} invalid={Boolean(error)} onChange={onChange} />;
  } else if (element.type === 'select') {
    control = (
      <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
        <option value="">{element.placeholder || 'Choose…'}</option>
        {(element.options ?? []).map((option) => (
          <option key={String(option.value)} value={String(option.value)}>{option.text}</option>
        ))}
      </select>
    );
  } else if (element.type === 'radio') {
    return (
      <fieldset className="dialog-field" data-dialog-field={element.name} aria-describedby={describedBy} aria-invalid={error ? true : undefined} tabIndex={-1}>
        <legend>{label}</legend>
        {(element.options ?? []).map((option) => (
          <label key={String(option.value)} className="choice">
            <input type="radio" name={`${id}-${element.name}`} value={String(option.value)} checked={text === String(option.value)} disabled={disabled} onChange={() => onChange(String(option.value))} />
            {option.text}
          </label>
        ))}
        <Notes helpId={helpId} help={element.help_text} errorId={errorId} error={error} />
      </fieldset>
    );
  } else if (element.type === 'bool') {
    return (
      <div className="dialog-field">
        <span className="label-text" id={`${id}-label`}>{label}</span>
        <label className="choice">
          <input {...common} type="checkbox" aria-labelledby={`${id}-label ${id}-text`} checked={value === true} onChange={(event) => onChange(event.target.checked)} />
          <span id={`${id}-text`}>{element.placeholder || element.display_name}</span>
        </label>
        <Notes helpId={helpId} help={element.help_text} errorId={errorId} error={error} />
      </div>
    );
  } else {
    const subtype = TEXT_SUBTYPES.has(element.subtype) ? element.subtype : 'text';
    control = (
      <input
        {...common}
        // A number stays a text box with a numeric keyboard: a number input would hide what was
        // mistyped (its value is then empty), and the dialog could not say what is wrong.
        type={subtype === 'number' ? 'text' : subtype}
        inputMode={subtype === 'number' ? 'decimal' : undefined}
        autoComplete={subtype === 'password' ? 'new-password' : undefined}
        placeholder={element.placeholder || undefined}
        maxLength={element.max_length > 0 ? element.max_length : undefined}
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  return (
    <div className="dialog-field">
      <label htmlFor={controlId} className="label-text">{label}</label>
      {control}
      <Notes helpId={helpId} help={element.help_text} errorId={errorId} error={error} />
    </div>
  );
}

function Notes({ helpId, help, errorId, error }: { helpId?: string; help: string; errorId?: string; error?: string }) {
  return (
    <>
      {error && <p id={errorId} className="error field-error">{error}</p>}
      {help && <p id={helpId} className="help">{help}</p>}
    </>
  );
}
