// The end of a dialog's form: what went wrong, then Cancel and the submit button (busy while saving).
export function DialogFormEnd({ problem, saving, submitLabel, onCancel }: { problem: string; saving: boolean; submitLabel: string; onCancel: () => void }) {
  return (
    <>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </button>
      </div>
    </>
  );
}
