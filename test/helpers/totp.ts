// An authenticator app for MFA tests: the codes it would show, computed with otplib as the server
// checks them (30-second steps).
import { generate } from 'otplib';

const STEP_SECONDS = 30;

/** The code an authenticator app shows `steps` time steps from now (negative: earlier). */
export function codeAt(secret: string, steps: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * STEP_SECONDS });
}

/**
 * Waits out the last seconds of a time step, so that codes computed now for the steps around it are
 * still in the server's window when they arrive (`margin`: the seconds the test needs).
 */
export async function awayFromStepEdge(margin = 6): Promise<void> {
  const intoStep = (Date.now() / 1000) % STEP_SECONDS;
  if (intoStep > STEP_SECONDS - margin) await new Promise((resolve) => setTimeout(resolve, (STEP_SECONDS - intoStep) * 1000 + 250));
}
