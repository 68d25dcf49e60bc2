import { Repository } from './repository.ts';

export class StatusRepository extends Repository {}
