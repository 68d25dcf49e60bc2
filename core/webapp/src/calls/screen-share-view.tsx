// The screen someone in the call shares, as Mattermost Calls' expanded view shows it: a large panel
// over the channel with the presenter's name and the video the media service forwards, until the
// sharing stops. It can be minimized to the widget (which offers to show it again) and put full screen.
import { useEffect, useRef } from 'react';

export function ScreenShareView({ stream, presenter, onMinimize }: { stream: MediaStream | null; presenter: string; onMinimize: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream;
    // Muted video may play without a click; a refusal leaves the frame still until the next click.
    if (stream) void element.play().catch(() => undefined);
  }, [stream]);
  return (
    <section className="call-screen" aria-label={`Screen shared by ${presenter}`}>
      <header>
        <h2>{presenter} is presenting</h2>
        <div className="call-screen-actions">
          <button type="button" disabled={!stream} onClick={() => void video.current?.requestFullscreen().catch(() => undefined)}>
            Full screen
          </button>
          <button type="button" onClick={onMinimize}>
            Minimize
          </button>
        </div>
      </header>
      {!stream && <p className="call-screen-waiting">Waiting for the screen to arrive…</p>}
      <video ref={video} className="call-screen-video" autoPlay muted playsInline hidden={!stream} aria-label={`${presenter}'s screen`} />
    </section>
  );
}
