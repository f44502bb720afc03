// A StrykerJS ignorer (stryker.config.mjs, docs/testing.md): leaves the prose of a refusal
// unmutated, because clients map on what the refusal carries beside it, not on its wording.
//
// Ignored (reported as "Ignored", outside the score):
// - the message of `refuse(rule, message)` in the deciders: the rule id is the contract;
// - the message of `new AccessDenied(message, details)`: role, action and organisation are in `details`;
// - the message of `new UnreadableEventError(message)`: the error's class is the contract;
// - the words that only fill a message in: the `move` of `requireReason`, `requireStillRaised` and
//   `requireNoPositionInForce` (question decider), the `verb` of `requireStatus` (assignment decider),
//   the `what` of `requireNotHeld`, `requirePublished` and `requireHeld` (meeting decider).
// Still mutated: rule ids, the field names handed to the guards (a 4xx problem names its field,
// and the specs check that it does), the `(rule: …)` suffix and every `details` object.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const MESSAGE_ARGUMENT = new Map([
  ['refuse', 1],
  ['AccessDenied', 0],
  ['UnreadableEventError', 0],
  ['requireReason', 1],
  ['requireStillRaised', 1],
  ['requireNoPositionInForce', 1],
  ['requireStatus', 3],
  ['requireNotHeld', 2],
  ['requirePublished', 1],
  ['requireHeld', 2],
]);

function calleeName(node) {
  return node.callee?.type === 'Identifier' ? node.callee.name : undefined;
}

const messageTextIgnorer = {
  shouldIgnore(path) {
    const parent = path.parentPath?.node;
    if (!parent || (parent.type !== 'CallExpression' && parent.type !== 'NewExpression')) return undefined;
    const index = MESSAGE_ARGUMENT.get(calleeName(parent));
    if (index === undefined || parent.arguments[index] !== path.node) return undefined;
    return 'Message text of a refusal: the rule id, the details and the error class are the contract, not the wording (docs/testing.md)';
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'message-text', messageTextIgnorer)];
