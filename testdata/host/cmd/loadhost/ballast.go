package main

import "unsafe"

// node is one object of the gateway-like heap: pointers for the collector
// to trace and a little data, 64 bytes in all.
type node struct {
	next, other *node
	n           [4]int32
	_           [32]byte
}

// ballast keeps the gateway-like heap live for the life of the process.
var ballast []*node

// newBallast allocates about size bytes of nodes, each pointing to its
// neighbour and to one far away, so that marking has to follow pointers
// all over the heap as it does through a gateway's API specs and caches.
func newBallast(size int) []*node {
	n := size / int(unsafe.Sizeof(node{})+8) // each node plus its slot in the slice
	if n <= 0 {
		return nil
	}
	nodes := make([]*node, n)
	for i := range nodes {
		nodes[i] = &node{n: [4]int32{int32(i)}}
	}
	const stride = 7919 // a prime: "other" links scatter over the heap
	for i, nd := range nodes {
		nd.next = nodes[(i+1)%n]
		nd.other = nodes[(i*stride)%n]
	}
	return nodes
}
