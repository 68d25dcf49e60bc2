// Files dragged from the desktop may be dropped anywhere on the open channel (the <main> around the
// composer) or the open thread (the right-hand panel, or the Threads page's thread), as in
// Mattermost, and go to that place's message box; while they hover it the area is marked `dropping-files`.
import { useEffect, type RefObject } from 'react';

export function useFileDrop(inside: RefObject<HTMLElement | null>, onFiles: (files: File[]) => void): void {
  useEffect(() => {
    const area = inside.current?.closest<HTMLElement>('.rhs, .thread-pane, main');
    if (!area) return;
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      area.classList.add('dropping-files');
    };
    const leave = (event: DragEvent) => {
      if (!area.contains(event.relatedTarget as Node | null)) area.classList.remove('dropping-files');
    };
    const drop = (event: DragEvent) => {
      area.classList.remove('dropping-files');
      if (!carriesFiles(event)) return;
      event.preventDefault();
      onFiles(Array.from(event.dataTransfer?.files ?? []));
    };
    area.addEventListener('dragover', over);
    area.addEventListener('dragleave', leave);
    area.addEventListener('drop', drop);
    return () => {
      area.removeEventListener('dragover', over);
      area.removeEventListener('dragleave', leave);
      area.removeEventListener('drop', drop);
    };
  }, [inside, onFiles]);
}
