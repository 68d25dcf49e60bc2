import { Repository } from './repository.ts';

export class PostRepository extends Repository {}
