import type { AccessService } from './access-service.ts';
import type { AccountService } from './account-service.ts';
import type { BoardService } from './board-service.ts';
import type { CardContentService } from './card-content-service.ts';

/** The use cases the routes and the socket gateway call. */
export interface Services {
  boards: BoardService;
  accounts: AccountService;
  access: AccessService;
  content: CardContentService;
}
