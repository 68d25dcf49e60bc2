// One emoji by name: its character from message/'s table, or a custom emoji's picture (looked up by
// name once per page), or the name itself between colons when the server knows no such emoji.
import { useEffect, useState } from 'react';
import { emojiCharacter } from '../../message/emoji-names.ts';
import { client } from '../../client.ts';
import { customEmojiEnabled } from './emoji-catalog.ts';

const customImages = new Map<string, Promise<string | null>>();

function customImage(name: string): Promise<string | null> {
  let found = customImages.get(name);
  if (!found) {
    found = customEmojiEnabled().then((enabled) =>
      enabled
        ? client.getCustomEmojiByName(name).then(
            (emoji) => client.getCustomEmojiImageUrl(emoji.id),
            () => null,
          )
        : null,
    );
    customImages.set(name, found);
  }
  return found;
}

export function EmojiGlyph({ name }: { name: string }) {
  const character = emojiCharacter(name);
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    if (character) return;
    let current = true;
    void customImage(name).then((url) => current && setImage(url));
    return () => {
      current = false;
    };
  }, [name, character]);
  if (character) return <span className="emoji-glyph" aria-hidden="true">{character}</span>;
  if (image) return <img className="emoji-glyph" src={image} alt="" aria-hidden="true" />;
  return <span className="emoji-glyph" aria-hidden="true">:{name}:</span>;
}
