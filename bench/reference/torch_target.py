#!/usr/bin/python3
"""The seqmia target model in plain PyTorch: the reference of the training benchmark (bench/run, issue 11).

The same model as io.seqmia.trainer.model.SequenceRecommender: tied item embeddings, learned positions, pre-norm
(GPT-2 style) causal transformer layers with a GELU feed-forward, a final layer norm, logits for the real positions
only, mean next-item NLL, Adam. It reads the data file that io.seqmia.bench.TrainingBenchmark writes (one sequence
per line: the model's vocabulary indices of its items, already cut to the last max-length items), so both frameworks
train on the same sequences in the same shape. Prints one JSON object per line: each epoch, then the scoring pass.
"""
import argparse
import json
import math
import random
import time

import torch
import torch.nn.functional as F

PAD, START, END = 0, 1, 2
LOGITS_BUDGET = 4 << 20  # floats per scoring batch, as TargetInference.LOGITS_BUDGET
MAX_BATCH = 128


class CausalSelfAttention(torch.nn.Module):
    def __init__(self, embedding, heads, dropout):
        super().__init__()
        self.heads, self.dropout = heads, dropout
        self.qkv = torch.nn.Linear(embedding, 3 * embedding)
        self.projection = torch.nn.Linear(embedding, embedding)

    def forward(self, x):
        b, t, c = x.shape
        d = c // self.heads
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, d).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d)
        mask = torch.ones(t, t, dtype=torch.bool).triu(1)
        weights = F.dropout(scores.masked_fill(mask, -1e9).softmax(-1), self.dropout, self.training)
        return self.projection((weights @ v).transpose(1, 2).reshape(b, t, c))


class Block(torch.nn.Module):
    def __init__(self, embedding, heads, feed_forward, dropout):
        super().__init__()
        self.dropout = dropout
        self.norm1 = torch.nn.LayerNorm(embedding)
        self.attention = CausalSelfAttention(embedding, heads, dropout)
        self.norm2 = torch.nn.LayerNorm(embedding)
        self.expand = torch.nn.Linear(embedding, feed_forward)
        self.contract = torch.nn.Linear(feed_forward, embedding)

    def forward(self, x):
        x = x + F.dropout(self.attention(self.norm1(x)), self.dropout, self.training)
        f = self.contract(F.gelu(self.expand(self.norm2(x))))
        return x + F.dropout(f, self.dropout, self.training)


class SequenceRecommender(torch.nn.Module):
    def __init__(self, vocabulary, embedding, heads, layers, feed_forward, positions, dropout):
        super().__init__()
        self.dropout = dropout
        self.items = torch.nn.Parameter(torch.randn(vocabulary, embedding) * 0.02)
        self.positions = torch.nn.Parameter(torch.randn(positions, embedding) * 0.02)
        self.layers = torch.nn.ModuleList(Block(embedding, heads, feed_forward, dropout) for _ in range(layers))
        self.final_norm = torch.nn.LayerNorm(embedding)
        for layer in self.layers:  # DJL's default for weights: Xavier(GAUSSIAN, IN, 2), std sqrt(2 / fan_in)
            for linear in (layer.attention.qkv, layer.attention.projection, layer.expand, layer.contract):
                torch.nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
                torch.nn.init.zeros_(linear.bias)

    def forward(self, tokens, real_rows):
        b, t = tokens.shape
        x = F.dropout(self.items[tokens] + self.positions[:t], self.dropout, self.training)
        for layer in self.layers:
            x = layer(x)
        hidden = self.final_norm(x).reshape(b * t, -1)[real_rows]
        return hidden @ self.items.t()


def encode(batch):
    t = max(len(s) for s in batch) + 1
    tokens = torch.zeros(len(batch), t, dtype=torch.long)
    rows, targets = [], []
    for b, s in enumerate(batch):
        tokens[b, 0] = START
        tokens[b, 1:len(s) + 1] = torch.tensor(s, dtype=torch.long)
        rows.extend(b * t + i for i in range(len(s) + 1))
        targets.extend(s + [END])
    return tokens, torch.tensor(rows), torch.tensor(targets)


def score(model, sequences, vocabulary):
    """The score-vector passes of TargetInference: log-probability, rank and entropy per position, top-k last."""
    model.eval()
    start, done = time.perf_counter(), 0
    with torch.no_grad():
        i = 0
        while i < len(sequences):
            j, floats = i, 0
            while j < len(sequences) and j - i < MAX_BATCH:
                floats += (len(sequences[j]) + 1) * vocabulary
                if floats > LOGITS_BUDGET and j > i:
                    break
                j += 1
            tokens, rows, targets = encode(sequences[i:j])
            logits = model(tokens, rows)
            log_p = logits.log_softmax(1)
            true_logit = logits.gather(1, targets[:, None])
            log_p.gather(1, targets[:, None])
            (logits > true_logit).sum(1)
            -(log_p.exp() * log_p).sum(1)
            last = torch.tensor([sum(len(s) + 1 for s in sequences[i:k + 1]) - 1 for k in range(i, j)])
            log_p[last].topk(min(104, vocabulary), 1)
            done += j - i
            i = j
    return done / (time.perf_counter() - start)


def main():
    a = argparse.ArgumentParser(description=__doc__)
    a.add_argument("--data", required=True)
    a.add_argument("--vocabulary", type=int, required=True)
    a.add_argument("--embedding", type=int, default=64)
    a.add_argument("--heads", type=int, default=2)
    a.add_argument("--layers", type=int, default=2)
    a.add_argument("--feed-forward", type=int, default=128)
    a.add_argument("--max-length", type=int, default=20)
    a.add_argument("--dropout", type=float, default=0.1)
    a.add_argument("--learning-rate", type=float, default=1e-3)
    a.add_argument("--batch", type=int, default=128)
    a.add_argument("--epochs", type=int, default=1)
    a.add_argument("--threads", type=int, default=2)
    a.add_argument("--score", type=int, default=0, help="sequences to score after training (0: none)")
    a.add_argument("--seed", type=int, default=42)
    args = a.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)
    with open(args.data) as f:
        sequences = [[int(x) for x in line.split()] for line in f if line.strip()]
    model = SequenceRecommender(args.vocabulary, args.embedding, args.heads, args.layers, args.feed_forward,
                                args.max_length + 1, args.dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    order = list(range(len(sequences)))
    shuffle = random.Random(args.seed)
    for epoch in range(1, args.epochs + 1):
        model.train()
        shuffle.shuffle(order)
        start, loss_sum, tokens_seen = time.perf_counter(), 0.0, 0
        for i in range(0, len(order), args.batch):
            tokens, rows, targets = encode([sequences[k] for k in order[i:i + args.batch]])
            loss = F.cross_entropy(model(tokens, rows), targets)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(targets)
            tokens_seen += len(targets)
        seconds = time.perf_counter() - start
        print(json.dumps({"framework": "pytorch " + torch.__version__, "epoch": epoch, "loss": loss_sum / tokens_seen,
                          "tokensPerSecond": tokens_seen / seconds, "seconds": seconds}), flush=True)
    if args.score > 0:
        print(json.dumps({"framework": "pytorch " + torch.__version__,
                          "scoringPerSecond": score(model, sequences[:args.score], args.vocabulary)}), flush=True)


if __name__ == "__main__":
    main()
