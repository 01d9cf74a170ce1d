module github.com/TykTechnologies/tyk

go 1.23

require github.com/sirupsen/logrus v1.9.3

require golang.org/x/sys v0.0.0-20220722155257-8c9f86f7a55f // indirect
