// How many posts the chat loads per page, the first page included (the early requests' too).
export const POSTS_PER_PAGE = 60;
