-- Verification and reset links are minted when the e-mail is sent, not when requested:
-- a request stores its row under a placeholder hash with the request's id (which the
-- outbox event carries), and minting replaces the placeholder (or an earlier token of
-- the same request) with the new token's hash.
ALTER TABLE account_tokens ADD COLUMN request_id TEXT;
CREATE UNIQUE INDEX account_tokens_request ON account_tokens (request_id);
