import { Repository } from './repository.ts';

export class ReactionRepository extends Repository {}
