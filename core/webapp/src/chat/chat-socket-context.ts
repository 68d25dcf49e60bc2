// The chat's WebSocket for the components that send on it (the composer's typing notices).
import { createContext, useContext } from 'react';
import type { ChatSocket } from './chat-socket.ts';

export const ChatSocketContext = createContext<ChatSocket | null>(null);

export function useChatSocket(): ChatSocket {
  const socket = useContext(ChatSocketContext);
  if (!socket) throw new Error('useChatSocket is used outside ChatApp');
  return socket;
}
