// A list of text values (e.g. the paths of trusted public keys): one labelled input per entry,
// with Remove beside each and Add at the end; focus follows the entry added or removed (moved in a
// layout effect, before the next keystroke can land elsewhere).
import { useLayoutEffect, useRef } from 'react';

interface ListEditorProps {
  id: string;
  legend: string;
  /** What one entry is, for the labels ("Public key file 2"). */
  itemLabel: string;
  values: string[];
  onChange: (values: string[]) => void;
  help?: string;
  note?: string;
  disabled?: boolean;
  placeholder?: string;
}

export function ListEditor({ id, legend, itemLabel, values, onChange, help, note, disabled, placeholder }: ListEditorProps) {
  const container = useRef<HTMLFieldSetElement>(null);
  const focusIndex = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (focusIndex.current === null) return;
    const inputs = container.current?.querySelectorAll<HTMLInputElement>('input');
    const target = inputs?.[Math.min(focusIndex.current, inputs.length - 1)];
    (target ?? container.current?.querySelector<HTMLButtonElement>('button.add'))?.focus();
    focusIndex.current = null;
  }, [values.length]);

  const describedBy = [help ? `${id}-help` : '', note ? `${id}-note` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="field list-editor" id={id} ref={container} disabled={disabled} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {values.length === 0 && <p className="empty">None.</p>}
      <ol>
        {values.map((value, index) => (
          <li key={index}>
            <label htmlFor={`${id}-${index}`} className="visually-hidden">
              {itemLabel} {index + 1}
            </label>
            <input id={`${id}-${index}`} value={value} placeholder={placeholder} onChange={(e) => onChange(values.map((v, i) => (i === index ? e.target.value : v)))} />
            <button
              type="button"
              aria-label={`Remove ${itemLabel.toLowerCase()} ${index + 1}`}
              onClick={() => {
                focusIndex.current = index;
                onChange(values.filter((_, i) => i !== index));
              }}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="add"
        onClick={() => {
          focusIndex.current = values.length;
          onChange([...values, '']);
        }}
      >
        Add {itemLabel.toLowerCase()}
      </button>
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {note && (
        <p className="note" id={`${id}-note`}>
          {note}
        </p>
      )}
    </fieldset>
  );
}
