// One row of a list of things to join (a channel, a team): its name, its description, a Join button
// named after it.
export function JoinableItem({ name, description, onJoin }: { name: string; description: string; onJoin: () => void }) {
  return (
    <li>
      <span className="picker-text">
        <strong>{name}</strong>
        {description && <span className="help"> {description}</span>}
      </span>
      <button type="button" onClick={onJoin} aria-label={`Join ${name}`}>
        Join
      </button>
    </li>
  );
}
