// The titles of the media suite's tests, shared by the suite (run inside a loopback-only network
// namespace) and the wrapper that starts it there and reports each one.
export const MEDIA_SUITE = 'calls media through the SFU (loopback-only network namespace)';

export const MEDIA_CASES = {
  twoPeers: 'two peers join through the WebSocket protocol, complete ICE and DTLS, and each receives the other’s audio RTP',
  fourPeers: 'four peers each receive the three others’ audio RTP',
  onePort: 'four peers reach the media service on its one UDP port (UDPServerPort): every peer’s selected candidate pair names it, and each hears the others',
  tcpOnly: 'three peers that can use only TCP (ICE-TCP, active) reach the media service on its one TCP port, each selected pair naming it, and each hears the others',
  mute: 'mute stops a peer’s packets reaching the others though it keeps sending; unmute brings them back',
  screen: 'a screen share adds a video track by renegotiation and reaches the others',
  reconnect: 'a peer whose WebSocket drops and comes back with originalConnID stays in the call, heard and hearing, and gets later offers on its new connection',
  voice: 'a peer playing a tone is reported speaking (user_voice_on) once, though its client says so too, not off when its client says so while the tone goes on, and off after it falls silent; a muted peer playing one never is',
  hostile: 'SDP garbage and oversized frames are refused while the call goes on and the server and media service stay up',
  mediaRestart: 'a call survives the media process being killed: the plugin makes it again in the restarted service, the peers offer again when told (media_restarted), and audio flows again, a muted peer still muted',
  joinWhileDown: 'a peer joining while the media service hangs is refused (error) and left out of the call; once the service is restarted it joins again, hears and is heard',
} as const;
