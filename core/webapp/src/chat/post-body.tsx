// A post's text as plain text: React escapes it, and each line break is kept. The Markdown renderer
// (core/webapp/src/message) will take this component's place.
export function PostBody({ message }: { message: string }) {
  return <div className="post-body">{message}</div>;
}
