/**
 * The load generator of the commands section, in a process of its own so that
 * it does not share the app's event loop (as a real client would not): runs
 * autocannon with the realistic command mix and prints its result as one JSON
 * line. Input (argv[2]): { url, token, seconds, connections, open: questionIds }.
 */
import autocannon from 'autocannon';

interface LoadInput {
  url: string;
  token: string;
  seconds: number;
  connections: number;
  open: string[];
}

const raiseBody = {
  title: 'Regional kulturplan',
  description: 'Ny regional kulturplan.',
  raisedBy: { kind: 'organisation', id: 'karlstad' },
  topicArea: 'Kultur',
};
const orgs = ['arvika', 'eda', 'kil', 'karlstad', 'sunne', 'torsby', 'grums', 'hagfors'];

async function main() {
  const input = JSON.parse(process.argv[2]) as LoadInput;
  let n = 0;
  const result = await autocannon({
    url: input.url,
    connections: input.connections,
    duration: input.seconds,
    headers: { Authorization: `Bearer ${input.token}`, 'Content-Type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const i = n++;
          // 1 raise : 3 inputs on open questions.
          if (i % 4 === 0) return { ...request, method: 'POST', path: '/questions', body: JSON.stringify(raiseBody) };
          return {
            ...request,
            method: 'POST',
            path: `/questions/${input.open[i % input.open.length]}/inputs`,
            body: JSON.stringify({ organisationId: orgs[i % orgs.length], content: `Inspel nummer ${i}` }),
          };
        },
      },
    ],
  });
  console.log(
    JSON.stringify({
      requests: result.requests,
      latency: result.latency,
      non2xx: result.non2xx,
      errors: result.errors,
      statusCodeStats: result.statusCodeStats,
    }),
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
