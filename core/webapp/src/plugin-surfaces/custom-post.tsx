// Posts of a plugin's custom type (ui.post_types), drawn from the post's props with the contract's
// blocks. Props are text: in a Markdown block they are escaped, so a prop can never become a link, an
// image or markup; elsewhere React shows them as text. The message itself is Markdown in a Markdown
// block, as the client shows any post's message (a status update keeps its paragraphs and links).
import type { ReactNode } from 'react';
import type { PostBlock } from '@parley/plugin-api';
import { usePluginUi, type PluginUi } from './plugin-ui-store.ts';
import { SurfaceButton } from './surface-button.tsx';
import type { SurfacePlace } from './surface-action.ts';
import './plugin-surfaces.css';

/** What a custom post's blocks read. */
export interface CustomPostSource {
  type: string;
  message: string;
  props: Record<string, unknown>;
}

export interface CustomPostProps {
  post: CustomPostSource;
  place: SurfacePlace;
  /** Draws Markdown as the client draws messages. */
  renderMarkdown: (markdown: string) => ReactNode;
  /** What to draw when no running plugin draws this type: the message, as other clients show it. */
  fallback: ReactNode;
}

/** The running plugin that draws posts of `type`, with its blocks. */
export function findPostType(plugins: readonly PluginUi[], type: string): { pluginId: string; blocks: PostBlock[] } | undefined {
  for (const plugin of plugins) {
    const renderer = plugin.ui.post_types?.find((t) => t.type === type);
    if (renderer) return { pluginId: plugin.plugin_id, blocks: renderer.blocks };
  }
  return undefined;
}

export function CustomPost({ post, place, renderMarkdown, fallback }: CustomPostProps) {
  const { plugins = [] } = usePluginUi();
  const renderer = findPostType(plugins, post.type);
  if (!renderer) return <>{fallback}</>;
  const text = (template: string) => fill(template, post, String);
  return (
    <div className="surface-post">
      {renderer.blocks.map((block, index) => (
        <Block key={index} block={block} pluginId={renderer.pluginId} place={place} text={text} markdown={(template) => renderMarkdown(fill(template, post, escapeMarkdown, (message) => message))} />
      ))}
    </div>
  );
}

function Block({ block, pluginId, place, text, markdown }: { block: PostBlock; pluginId: string; place: SurfacePlace; text: (t: string) => string; markdown: (t: string) => ReactNode }) {
  if ('text' in block) return <div className="surface-post-text">{markdown(block.text)}</div>;
  if ('fields' in block) {
    return (
      <dl className="surface-post-fields">
        {block.fields.map((field, index) => (
          <div key={index} className={field.short ? 'short' : undefined}>
            <dt>{text(field.title)}</dt>
            <dd>{text(field.value)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  if ('badge' in block) return <span className={`surface-badge ${block.badge.color ?? 'default'}`}>{text(block.badge.text)}</span>;
  if ('progress' in block) {
    const value = Number(text(block.progress.value));
    const max = Number(text(block.progress.max));
    const label = block.progress.label ? text(block.progress.label) : `${value} of ${max}`;
    return (
      <label className="surface-progress">
        <span>{label}</span>
        <progress value={Number.isFinite(value) ? value : 0} max={Number.isFinite(max) && max > 0 ? max : 1} />
      </label>
    );
  }
  return (
    <div className="surface-post-buttons">
      {block.buttons.map((button) => (
        <SurfaceButton key={button.id} pluginId={pluginId} surfaceId={button.id} action={button.action} place={place} className={`surface-post-button ${button.style ?? 'default'}`}>
          {text(button.label)}
        </SurfaceButton>
      ))}
    </div>
  );
}

/** `{{message}}` and `{{props.name}}` replaced by the post's values, each passed through `shown` (the message through `shownMessage`). */
export function fill(template: string, post: CustomPostSource, shown: (value: string) => string, shownMessage = shown): string {
  return template.replace(/\{\{\s*(message|props\.([A-Za-z0-9_]+))\s*\}\}/g, (_match, _whole: string, prop: string | undefined) => {
    if (prop === undefined) return shownMessage(post.message);
    const value = post.props[prop];
    return shown(value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  });
}

/** Text that Markdown shows as it is: every character with a meaning is escaped, and lines stay one. */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-.!|<>~&:@"']/g, '\\$&').replace(/\r?\n/g, ' ');
}
