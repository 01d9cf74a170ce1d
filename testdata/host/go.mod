module github.com/tyk-ve/tyk-ve/testdata/host

go 1.23
