// The MFA columns of users (m0015-user-mfa.ts) apart from the User entity, so the sealed secret is
// read only by the service that checks codes, never carried along with every loaded user.
import { Repository } from './repository.ts';

/** What a user's MFA stands at: `sealedSecret` is '' when no secret was generated. */
export interface UserMfaState {
  active: boolean;
  sealedSecret: string;
  /** The last TOTP time step a code was accepted for (0: none yet). */
  lastTimeStep: number;
}

export class UserMfaRepository extends Repository {
  async find(userId: string): Promise<UserMfaState | null> {
    const [row] = await this.sql<{ mfa_active: boolean; mfa_secret: string; mfa_last_time_step: string }>(
      'select mfa_active, mfa_secret, mfa_last_time_step from users where id = ?',
      [userId],
    );
    return row ? { active: row.mfa_active, sealedSecret: row.mfa_secret, lastTimeStep: Number(row.mfa_last_time_step) } : null;
  }

  /** Keeps a newly generated secret while MFA is off (it is switched on with a code from it); false when MFA is on. */
  async storePendingSecret(userId: string, sealedSecret: string): Promise<boolean> {
    const rows = await this.sql('update users set mfa_secret = ?, mfa_last_time_step = 0 where id = ? and not mfa_active returning id', [sealedSecret, userId]);
    return rows.length > 0;
  }

  /**
   * Switches MFA on with the pending secret, recording the time step of the code that proved it; false
   * when it was already on, the secret was replaced meanwhile, or the step was already used.
   */
  async activate(userId: string, sealedSecret: string, timeStep: number): Promise<boolean> {
    const rows = await this.sql(
      `update users set mfa_active = true, mfa_last_time_step = ?, update_at = ?
       where id = ? and not mfa_active and mfa_secret = ? and mfa_last_time_step < ? returning id`,
      [timeStep, Date.now(), userId, sealedSecret, timeStep],
    );
    return rows.length > 0;
  }

  /** Switches MFA off and forgets the secret; false when it was neither on nor being set up. */
  async deactivate(userId: string): Promise<boolean> {
    const rows = await this.sql(
      `update users set mfa_active = false, mfa_secret = '', mfa_last_time_step = 0, update_at = ? where id = ? and (mfa_active or mfa_secret <> '') returning mfa_active`,
      [Date.now(), userId],
    );
    return rows.length > 0;
  }

  /**
   * Uses up `timeStep` for a sign-in: true only when it is later than every step used before, in one
   * statement, so two requests racing with the same code cannot both succeed.
   */
  async consumeTimeStep(userId: string, timeStep: number): Promise<boolean> {
    const rows = await this.sql('update users set mfa_last_time_step = ? where id = ? and mfa_active and mfa_last_time_step < ? returning id', [timeStep, userId, timeStep]);
    return rows.length > 0;
  }
}
